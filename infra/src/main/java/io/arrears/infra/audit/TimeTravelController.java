package io.arrears.infra.audit;

import io.arrears.command.account.LedgerTimeline;
import io.arrears.command.account.WorkflowPolicy;
import io.arrears.command.api.EventPositions;
import io.arrears.infra.eventstore.MongoCommitEventStorageEngine;
import io.arrears.kernel.account.AccountStatus;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.api.BalanceJson;
import io.arrears.kernel.event.AccountEvent;
import io.arrears.kernel.event.AccountOpened;
import io.arrears.kernel.event.AccountReopened;
import io.arrears.kernel.event.AccountResolved;
import io.arrears.kernel.event.AccountWrittenOff;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.PenaltyAccrued;
import io.arrears.kernel.event.StageAdvanced;
import io.arrears.kernel.event.StageEscalated;
import io.arrears.kernel.rejection.InvalidRequest;
import io.arrears.kernel.rejection.InvalidRequest.FieldProblem;
import io.arrears.kernel.rejection.UnknownAccount;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The account as it was: {@code ?asOfRecorded=<instant>} replays the events recorded by then (an
 * account's events are recorded one after another: its stream up to the first one recorded later);
 * {@code ?asOfValueDate=<date>} recomputes the ledger from every fact known now that is dated on or
 * before that date. Both read the event store, never the live projection (AUDITOR).
 */
@RestController
@Tag(name = "audit", description = "Verification and export of the event store itself")
public class TimeTravelController {

    /**
     * The stored types of the events the account as of an instant is folded from; contacts and the
     * like are not read.
     */
    private static final Set<String> FOLDED = Stream.concat(LedgerTimeline.READS.stream(),
            Stream.of(StageAdvanced.class, StageEscalated.class, AccountResolved.class, AccountReopened.class))
            .map(Class::getName).collect(Collectors.toUnmodifiableSet());
    /** The stored types of the facts the ledger is computed from (docs/DESIGN.md §3). */
    private static final Set<String> FACTS = LedgerTimeline.READS.stream().map(Class::getName)
            .collect(Collectors.toUnmodifiableSet());

    private final MongoCommitEventStorageEngine storageEngine;
    private final EventPositions positions;
    private final WorkflowPolicy workflow;

    public TimeTravelController(MongoCommitEventStorageEngine storageEngine, EventPositions positions,
                                WorkflowPolicy workflow) {
        this.storageEngine = storageEngine;
        this.positions = positions;
        this.workflow = workflow;
    }

    public record PastAccount(String accountId, String currency, AccountStatus status, Stage stage, long dpd,
                              LocalDate accruedThrough, BalanceJson balance, LocalDate lastPaymentDate,
                              long position, Instant asOfRecorded, LocalDate asOfValueDate) {
    }

    @PreAuthorize("hasRole('AUDITOR')")
    @GetMapping(value = "/api/v1/accounts/{accountId}", params = "asOfRecorded")
    @Operation(summary = "The account as the ledger stood at a recorded instant, replayed from events (AUDITOR)")
    public PastAccount asOfRecorded(@PathVariable String accountId, @RequestParam String asOfRecorded) {
        Instant instant = parse("asOfRecorded", () -> Instant.parse(asOfRecorded));
        Recorded recorded = recorded(accountId, instant, FOLDED, accountId + " at " + instant);
        List<AccountEvent> events = recorded.events();
        AccountOpened opened = (AccountOpened) events.get(0);
        Balance balance = LedgerTimeline.recompute(events).balance();
        Stage stage = opened.stage();
        AccountStatus status = AccountStatus.OPEN;
        LocalDate accruedThrough = opened.balancesAsOf();
        LocalDate lastPaymentDate = null;
        for (AccountEvent event : events) {
            if (event instanceof StageAdvanced e) {
                stage = e.toStage();
            } else if (event instanceof StageEscalated e) {
                stage = e.toStage();
            } else if (event instanceof AccountResolved) {
                stage = Stage.RESOLVED;
                status = AccountStatus.RESOLVED;
            } else if (event instanceof AccountReopened e) {
                stage = e.toStage();
                status = AccountStatus.OPEN;
            } else if (event instanceof AccountWrittenOff) {
                stage = Stage.WRITTEN_OFF;
                status = AccountStatus.WRITTEN_OFF;
            } else if (event instanceof PenaltyAccrued e) {
                accruedThrough = e.throughDate();
            } else if (event instanceof PaymentRecorded e
                    && (lastPaymentDate == null || e.valueDate().isAfter(lastPaymentDate))) {
                lastPaymentDate = e.valueDate();
            }
        }
        return new PastAccount(accountId, opened.currency(), status, stage,
                dpd(opened.dueDate(), accruedThrough, balance), accruedThrough,
                BalanceJson.of(balance, opened.currency()), lastPaymentDate,
                positions.positionOf(accountId, recorded.lastSequence()), instant, null);
    }

    @PreAuthorize("hasRole('AUDITOR')")
    // Not both readings at once: the two mappings would be ambiguous.
    @GetMapping(value = "/api/v1/accounts/{accountId}", params = {"asOfValueDate", "!asOfRecorded"})
    @Operation(summary = "The account on a value date, with everything the ledger knows now about that date "
            + "(backdated facts included), recomputed from events (AUDITOR)")
    public PastAccount asOfValueDate(@PathVariable String accountId, @RequestParam String asOfValueDate) {
        LocalDate date = parse("asOfValueDate", () -> LocalDate.parse(asOfValueDate));
        // Every fact known now, whenever it was recorded; only the events the ledger reads.
        Recorded recorded = recorded(accountId, Instant.MAX, FACTS, accountId);
        List<AccountEvent> events = recorded.events();
        AccountOpened opened = (AccountOpened) events.get(0);
        if (date.isBefore(opened.balancesAsOf())) {
            throw new InvalidRequest(List.of(new FieldProblem("asOfValueDate",
                    "the account's balances start at the end of " + opened.balancesAsOf())));
        }
        LedgerTimeline.Recomputation ledger = LedgerTimeline.onValueDate(events, date);
        Balance balance = ledger.balance();
        LocalDate through = ledger.accruedThrough();
        long dpd = dpd(opened.dueDate(), through, balance);
        LocalDate writtenOff = events.stream().filter(e -> e instanceof AccountWrittenOff)
                .map(e -> ((AccountWrittenOff) e).writtenOffOn()).findFirst().orElse(null);
        AccountStatus status = writtenOff != null && !writtenOff.isAfter(date) ? AccountStatus.WRITTEN_OFF
                : balance.isSettled() ? AccountStatus.RESOLVED : AccountStatus.OPEN;
        Stage stage = switch (status) {
            case WRITTEN_OFF -> Stage.WRITTEN_OFF;
            case RESOLVED -> Stage.RESOLVED;
            case OPEN -> workflow.stageFor(dpd);
        };
        LocalDate lastPaymentDate = events.stream().filter(e -> e instanceof PaymentRecorded)
                .map(e -> ((PaymentRecorded) e).valueDate()).filter(d -> !d.isAfter(date))
                .max(LocalDate::compareTo).orElse(null);
        return new PastAccount(accountId, opened.currency(), status, stage, dpd, through,
                BalanceJson.of(balance, opened.currency()), lastPaymentDate,
                positions.positionOf(accountId, recorded.lastSequence()), null, date);
    }

    /** An account's events of some stored types recorded by an instant, and the sequence of its last event then. */
    private record Recorded(List<AccountEvent> events, long lastSequence) {
    }

    private Recorded recorded(String accountId, Instant instant, Set<String> types, String unknown) {
        AuditController.requireAccountId(accountId);
        MongoCommitEventStorageEngine.RecordedStream stream = storageEngine.readRecordedBy(accountId, instant,
                types::contains);
        if (stream.lastSequence() < 0) {
            throw new UnknownAccount(unknown);
        }
        return new Recorded(stream.events().stream().map(message -> (AccountEvent) message.getPayload()).toList(),
                stream.lastSequence());
    }

    private static long dpd(LocalDate dueDate, LocalDate asOf, Balance balance) {
        return balance.isSettled() ? 0 : Math.max(0, ChronoUnit.DAYS.between(dueDate, asOf));
    }

    private static <T> T parse(String field, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (DateTimeParseException e) {
            throw new InvalidRequest(List.of(new FieldProblem(field, "is not a valid "
                    + (field.equals("asOfRecorded") ? "ISO-8601 instant" : "date YYYY-MM-DD"))));
        }
    }
}
