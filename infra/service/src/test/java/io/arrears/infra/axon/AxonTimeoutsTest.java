package io.arrears.infra.axon;

import io.arrears.infra.ArrearsApplication;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.command.AccruePenalty;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.timeout.HandlerTimeoutHandlerEnhancerDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Commands and their handlers run under none of Axon's timeouts (application.yml): each timed unit of
 * work or handler walked the thread's whole stack when it began, a command's under Tomcat's and
 * Spring's frames.
 */
@SpringBootTest(classes = ArrearsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"arrears.store.embedded-backend=memory", "axoniq.update-checker.disabled=true"})
class AxonTimeoutsTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    CommandBus commandBus;
    @Autowired
    CommandGateway commandGateway;

    @Test
    void noHandlerIsWrappedInATimeout() {
        assertThat(context.getBeanProvider(HandlerTimeoutHandlerEnhancerDefinition.class).getIfAvailable()).isNull();
    }

    @Test
    void aCommandsUnitOfWorkRunsWithoutATimeLimit() {
        List<Object> resources = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        MessageHandlerInterceptor<CommandMessage<?>> looking = (unitOfWork, chain) -> {
            seen.add(unitOfWork.getMessage().getCommandName());
            resources.addAll(unitOfWork.root().resources().values());
            return chain.proceed();
        };
        Registration registration = commandBus.registerHandlerInterceptor(looking);
        try {
            // Any command will do: this one fails in its handler, after the interceptors.
            assertThatThrownBy(() -> commandGateway.sendAndWait(new AccruePenalty(new AccountId("HB-NO-SUCH"),
                    LocalDate.of(2026, 3, 10)))).isNotNull();
        } finally {
            registration.cancel();
        }
        assertThat(seen).containsExactly(AccruePenalty.class.getName());
        // Axon's time limit is a resource of the root unit of work, of a class it keeps to its package.
        assertThat(resources).as("the unit of work's resources").extracting(resource -> resource.getClass().getName())
                .doesNotContain("org.axonframework.messaging.timeout.AxonTimeLimitedTask");
    }
}
