package io.arrears.command.account;

import io.arrears.kernel.command.AccountCommand;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Which account a command is for: its {@link AccountCommand#accountId()}, at no expected version.
 * Axon's default resolver finds the same by reflection, every command: it lists the command's
 * methods and fields and reads their annotations for {@code @TargetAggregateIdentifier} and a
 * version, which copies each {@code Method} it looks at. The annotations stay on the commands, for
 * Axon's test fixtures; AccountTargetsTest holds both to the same answer.
 */
public final class AccountTargets implements CommandTargetResolver {

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        if (!(command.getPayload() instanceof AccountCommand addressed)) {
            throw new IllegalArgumentException(command.getCommandName() + " is not addressed to an account");
        }
        return new VersionedAggregateIdentifier(addressed.accountId(), null);
    }
}
