package io.arrears.infra.axon;

import com.mongodb.client.MongoDatabase;
import io.arrears.infra.ArrearsApplication;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Borrower;
import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import io.arrears.kernel.account.PenaltyBase;
import io.arrears.kernel.account.Terms;
import io.arrears.kernel.audit.Caller;
import io.arrears.kernel.audit.Role;
import io.arrears.kernel.command.LogContact;
import io.arrears.kernel.command.OpenAccount;
import io.arrears.kernel.event.ContactLogged;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event a handler cannot process goes to the MongoDB dead-letter queue, and so do the later events
 * of its account, with the projections' cache of dead-lettered sequences; the processor goes on.
 */
@SpringBootTest(classes = {ArrearsApplication.class, DeadLetterQueueTest.PoisonedHandlerConfiguration.class},
        properties = {"arrears.store.embedded-backend=memory", "axoniq.update-checker.disabled=true"})
class DeadLetterQueueTest {

    static final String GROUP = "dlq-probe";
    static final Set<String> HANDLED = ConcurrentHashMap.newKeySet();

    @ProcessingGroup(GROUP)
    static class PoisonedHandler {

        @EventHandler
        void on(ContactLogged event) {
            if ("poison".equals(event.note())) {
                throw new IllegalStateException("this handler cannot process " + event.contactId());
            }
            HANDLED.add(event.contactId());
        }
    }

    @TestConfiguration
    static class PoisonedHandlerConfiguration {

        @Bean
        PoisonedHandler poisonedHandler() {
            return new PoisonedHandler();
        }

        @Bean
        ConfigurerModule poisonedHandlerDeadLettering() {
            return configurer -> configurer.eventProcessing().registerDeadLetteringEventHandlerInvokerConfiguration(
                    GROUP, AxonConfiguration.DEAD_LETTERED_SEQUENCES_CACHED);
        }
    }

    @Autowired
    CommandGateway commandGateway;
    @Autowired
    MongoDatabase database;

    @Test
    void aFailingEventIsDeadLetteredAndLaterEventsStillFlow() {
        open("DLQ-1");
        open("DLQ-2");
        contact("DLQ-1", "C-poisoned", "poison");
        contact("DLQ-2", "C-fine", "fine");
        contact("DLQ-1", "C-after", "fine");
        contact("DLQ-2", "C-later", "fine");

        await().atMost(Duration.ofSeconds(20)).until(() -> HANDLED.contains("C-later"));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                database.getCollection("deadletters").countDocuments(new Document("processingGroup", GROUP)) == 2);
        assertThat(HANDLED).contains("C-fine").doesNotContain("C-poisoned", "C-after");
    }

    private void open(String accountId) {
        send(new OpenAccount(new AccountId(accountId), "B-1", "HUABEI", "CNY", LocalDate.of(2026, 3, 1), null,
                new Balance(100_000, 0, 0, 0, 0), new Terms(5, 3, PenaltyBase.PRINCIPAL, null, Terms.DEFAULT_WATERFALL),
                new Borrower(null, null, null, null, "Asia/Shanghai")));
    }

    private void contact(String accountId, String contactId, String note) {
        send(new LogContact(new AccountId(accountId), contactId, ContactChannel.PHONE, ContactDirection.OUTBOUND,
                ContactOutcome.NO_ANSWER, Instant.parse("2026-03-12T02:30:00Z"), "agent-7", note));
    }

    private void send(Object command) {
        commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(MetaData.from(new Caller("test", Role.SERVICE, "test").asMetadata())));
    }
}
