package io.arrears.command.account;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.event.AccountEvent;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.messaging.annotation.SimpleResourceParameterResolverFactory;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends whole sequences of commands to accounts kept in an in-memory event store. Without a cache,
 * every command loads its account from the events stored so far, so every step is also a replay
 * from zero; with one, as the ledger runs, an account goes on from where its last command left it.
 */
final class AccountHarness {

    private final EventStore eventStore =
            EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    private final SimpleCommandBus commandBus = SimpleCommandBus.builder().build();

    AccountHarness(LedgerClock clock) {
        this(clock, WorkflowPolicy.DEFAULT);
    }

    AccountHarness(LedgerClock clock, WorkflowPolicy workflow) {
        this(clock, workflow, NoCache.INSTANCE);
    }

    /** Keeps the accounts it loads in a cache, as the ledger does. */
    static AccountHarness cached(LedgerClock clock) {
        return new AccountHarness(clock, WorkflowPolicy.DEFAULT, new WeakReferenceCache());
    }

    private AccountHarness(LedgerClock clock, WorkflowPolicy workflow, Cache cache) {
        ParameterResolverFactory resolvers = MultiParameterResolverFactory.ordered(
                ClasspathParameterResolverFactory.forClass(CollectionAccount.class),
                new SimpleResourceParameterResolverFactory(List.of(clock, new ContactPolicy(ContactPreset.DEFAULT),
                        workflow, BorrowerContacts.NONE, new RecordingVault())));
        EventSourcingRepository<CollectionAccount> repository = EventSourcingRepository.builder(CollectionAccount.class)
                .eventStore(eventStore)
                .parameterResolverFactory(resolvers)
                .cache(cache)
                .build();
        AggregateAnnotationCommandHandler.<CollectionAccount>builder()
                .aggregateType(CollectionAccount.class)
                .repository(repository)
                .parameterResolverFactory(resolvers)
                .build()
                .subscribe(commandBus);
    }

    /** The command's result; a rejection is thrown as the ledger threw it. */
    @SuppressWarnings("unchecked")
    <R> R send(Object command) {
        AtomicReference<CommandResultMessage<?>> result = new AtomicReference<>();
        commandBus.dispatch(GenericCommandMessage.asCommandMessage(command),
                (message, resultMessage) -> result.set(resultMessage));
        if (result.get().isExceptional()) {
            Throwable failure = result.get().exceptionResult();
            throw failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
        }
        return (R) result.get().getPayload();
    }

    List<AccountEvent> events(AccountId accountId) {
        return eventStore.readEvents(accountId.value()).asStream()
                .map(Message::getPayload).map(AccountEvent.class::cast).toList();
    }
}
