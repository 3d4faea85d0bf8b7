package io.arrears.infra.axon;

import io.arrears.command.account.CollectionAccount;
import io.arrears.infra.ArrearsApplication;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.AnnotatedMessageHandlingMember;
import org.axonframework.messaging.annotation.FixedValueParameterResolver;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.messaging.timeout.HandlerTimeoutHandlerEnhancerDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.lang.reflect.Executable;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account's handlers run as they are, not each under a timeout of its own (application.yml): such
 * a timeout walked the thread's stack every time a handler began, for a payment and for every event
 * of an account loaded from its history. The unit of work around them keeps Axon's timeout.
 */
@SpringBootTest(classes = ArrearsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"arrears.store.embedded-backend=memory", "axoniq.update-checker.disabled=true"})
class HandlerTimeoutsTest {

    @Autowired
    HandlerTimeoutHandlerEnhancerDefinition timeouts;

    @Test
    void theAccountsCommandAndEventSourcingHandlersAreNotWrapped() {
        Stream<Executable> handlers = Stream.concat(Arrays.stream(CollectionAccount.class.getDeclaredConstructors()),
                Arrays.stream(CollectionAccount.class.getDeclaredMethods()));
        // Whatever the handlers take besides their message, the wrapping does not look at it.
        ParameterResolverFactory anything = (executable, parameters, index) -> new FixedValueParameterResolver<>(null);
        int seen = 0;
        for (Executable handler : handlers.toList()) {
            Class<? extends Message> type = handler.isAnnotationPresent(CommandHandler.class) ? CommandMessage.class
                    : handler.isAnnotationPresent(EventSourcingHandler.class) ? EventMessage.class : null;
            if (type == null) {
                continue;
            }
            MessageHandlingMember<CollectionAccount> member = new AnnotatedMessageHandlingMember<>(handler, type,
                    handler.getParameterTypes()[0], anything);
            assertThat(timeouts.wrapHandler(member)).as(handler.toString()).isSameAs(member);
            seen++;
        }
        assertThat(seen).isGreaterThanOrEqualTo(3);
    }
}
