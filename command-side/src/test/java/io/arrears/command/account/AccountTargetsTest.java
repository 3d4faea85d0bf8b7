package io.arrears.command.account;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.command.AccountCommand;
import io.arrears.kernel.command.AccruePenalty;
import io.arrears.kernel.command.EscalateStage;
import io.arrears.kernel.command.RecordPayment;
import io.arrears.kernel.command.ReversePayment;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The account a command is for, as Axon's annotation-reading resolver finds it, without reflection. */
class AccountTargetsTest {

    private final AccountTargets targets = new AccountTargets();

    @Test
    void everyCommandTheAccountHandlesIsAnAccountCommand() {
        List<Method> handlers = Arrays.stream(CollectionAccount.class.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(CommandHandler.class)).toList();

        assertThat(handlers).hasSizeGreaterThan(10).allSatisfy(handler ->
                assertThat(AccountCommand.class).as(handler.getName())
                        .isAssignableFrom(handler.getParameterTypes()[0]));
    }

    @Test
    void itFindsTheAccountTheAnnotationsName() {
        AccountId account = new AccountId("HB-TARGET-1");
        LocalDate day = LocalDate.of(2026, 3, 5);
        AnnotationCommandTargetResolver annotations = AnnotationCommandTargetResolver.builder().build();
        for (AccountCommand command : List.of(new RecordPayment(account, "P-1", "10.00", "CNY", day, "BANK"),
                new AccruePenalty(account, day), new EscalateStage(account, Stage.MIDDLE, "no answer"),
                new ReversePayment(account, "P-1", "bounced"))) {
            CommandMessage<?> message = GenericCommandMessage.asCommandMessage(command);

            VersionedAggregateIdentifier target = targets.resolveTarget(message);

            assertThat(target).as(command.toString()).isEqualTo(annotations.resolveTarget(message));
            assertThat(target.getIdentifierValue()).isEqualTo(account);
            assertThat(target.getVersion()).isNull();
        }
    }

    @Test
    void aCommandForNoAccountIsRefused() {
        assertThatThrownBy(() -> targets.resolveTarget(GenericCommandMessage.asCommandMessage("not a command")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not addressed to an account");
    }
}
