package io.arrears.command.api;

import io.arrears.command.account.AccountOutcome;
import io.arrears.command.api.CommandResponses.AccountResponse;
import io.arrears.kernel.api.BalanceJson;
import io.arrears.kernel.audit.AuditMetadata;
import io.arrears.kernel.audit.Caller;
import io.arrears.kernel.command.AccountCommand;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;

import java.util.HashMap;
import java.util.Map;

/**
 * What every command endpoint does once it has validated its request: send the one command with the
 * caller and correlation id as metadata, and answer with the outcome and its event's position.
 */
abstract class CommandEndpoints {

    static final String CORRELATION_HEADER = "X-Correlation-Id";

    protected final CommandGateway commandGateway;
    protected final EventPositions eventPositions;

    protected CommandEndpoints(CommandGateway commandGateway, EventPositions eventPositions) {
        this.commandGateway = commandGateway;
        this.eventPositions = eventPositions;
    }

    /** 201 for a command that recorded something, 200 for an idempotent repeat. */
    protected ResponseEntity<AccountResponse> created(AccountOutcome outcome) {
        return ResponseEntity.status(outcome.repeated() ? HttpStatus.OK : HttpStatus.CREATED)
                .body(accountResponse(outcome));
    }

    protected AccountResponse accountResponse(AccountOutcome outcome) {
        long position = eventPositions.positionOf(outcome.accountId().value(), outcome.lastSequence());
        return new AccountResponse(outcome.accountId().value(), position,
                BalanceJson.of(outcome.balance(), outcome.currency()), outcome.accruedThrough(), outcome.stage());
    }

    protected <R> R send(AccountCommand command, HttpServletRequest request) {
        Caller caller = (Caller) request.getAttribute(Caller.REQUEST_ATTRIBUTE);
        if (caller == null) {
            throw new AuthenticationCredentialsNotFoundException("no authenticated caller on a command request");
        }
        Map<String, Object> metadata = new HashMap<>(caller.asMetadata());
        String correlationId = request.getHeader(CORRELATION_HEADER);
        if (correlationId != null && io.arrears.kernel.account.Identifiers.isValid(correlationId)) {
            metadata.put(AuditMetadata.CORRELATION_ID, correlationId);
        }
        return commandGateway.sendAndWait(
                GenericCommandMessage.asCommandMessage(command).andMetaData(MetaData.from(metadata)));
    }
}
