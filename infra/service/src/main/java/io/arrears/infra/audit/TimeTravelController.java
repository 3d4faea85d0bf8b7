package io.arrears.infra.audit;

import io.arrears.command.account.LedgerTimeline;
import io.arrears.command.account.Recomputation;
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
import io.arrears.kernel.event.AccountStanding;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.StageAdvanced;
import io.arrears.kernel.event.StageEscalated;
import io.arrears.kernel.event.StageMoves;
import io.arrears.kernel.rejection.InvalidRequest.FieldProblem;
import io.arrears.kernel.rejection.InvalidRequest;
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
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The account as it was: {@code ?asOfRecorded=<instant>} replays the events recorded by then (an
 * account's events are recorded one after another: its stream up to the first one recorded later);
 * {@code ?asOfValueDate=<date>} recomputes the ledger from every fact known now that is dated on or
 * before that date, and takes the stage by the one rule for a value date ({@link StageMoves}). Both
 * read the event store, never the live projection (AUDITOR).
 */
@RestController
@Tag(name = "audit", description = "Verification and export of the event store itself")
public class TimeTravelController {

    /** The stored types of the events the ledger and the standing are folded from; contacts and the like are skipped. */
    private static final Set<String> FOLDED = Stream.concat(LedgerTimeline.READS.stream(),
            Stream.of(StageAdvanced.class, StageEscalated.class, AccountResolved.class, AccountReopened.class))
            .map(Class::getName).collect(Collectors.toUnmodifiableSet());

    private final MongoCommitEventStorageEngine storageEngine;
    private final EventPositions positions;
    private final ZoneId ledgerZone;

    /** @param ledgerZone dates the stage moves recorded by instant, for the stage on a value date */
    public TimeTravelController(MongoCommitEventStorageEngine storageEngine, EventPositions positions,
                                ZoneId ledgerZone) {
        this.storageEngine = storageEngine;
        this.positions = positions;
        this.ledgerZone = ledgerZone;
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
        Recorded recorded = recorded(accountId, instant, accountId + " at " + instant);
        List<AccountEvent> events = recorded.events();
        AccountOpened opened = (AccountOpened) events.get(0);
        Balance balance = LedgerTimeline.recompute(events).balance();
        AccountStanding standing = AccountStanding.of(events);
        return new PastAccount(accountId, opened.currency(), standing.status(), standing.stage(),
                standing.daysPastDue(balance), standing.accruedThrough(), BalanceJson.of(balance, opened.currency()),
                standing.lastPaymentDate(), positions.positionOf(accountId, recorded.lastSequence()), instant, null);
    }

    @PreAuthorize("hasRole('AUDITOR')")
    // Not both readings at once: the two mappings would be ambiguous.
    @GetMapping(value = "/api/v1/accounts/{accountId}", params = {"asOfValueDate", "!asOfRecorded"})
    @Operation(summary = "The account on a value date, with everything the ledger knows now about that date "
            + "(backdated facts included), recomputed from events (AUDITOR)")
    public PastAccount asOfValueDate(@PathVariable String accountId, @RequestParam String asOfValueDate) {
        LocalDate date = parse("asOfValueDate", () -> LocalDate.parse(asOfValueDate));
        // Every fact and stage move known now, whenever it was recorded.
        Recorded recorded = recorded(accountId, Instant.MAX, accountId);
        List<AccountEvent> events = recorded.events();
        AccountOpened opened = (AccountOpened) events.get(0);
        if (date.isBefore(opened.balancesAsOf())) {
            throw new InvalidRequest(List.of(new FieldProblem("asOfValueDate",
                    "the account's balances start at the end of " + opened.balancesAsOf())));
        }
        Recomputation ledger = LedgerTimeline.onValueDate(events, date);
        Balance balance = ledger.balance();
        StageMoves moves = StageMoves.opened(opened);
        for (int i = 1; i < events.size(); i++) {
            moves = moves.after(events.get(i), recorded.recordedAt().get(i));
        }
        Stage stage = moves.on(date, balance.isSettled(), ledgerZone);
        AccountStatus status = switch (stage) {
            case WRITTEN_OFF -> AccountStatus.WRITTEN_OFF;
            case RESOLVED -> AccountStatus.RESOLVED;
            default -> AccountStatus.OPEN;
        };
        LocalDate lastPaymentDate = events.stream().filter(e -> e instanceof PaymentRecorded)
                .map(e -> ((PaymentRecorded) e).valueDate()).filter(d -> !d.isAfter(date))
                .max(LocalDate::compareTo).orElse(null);
        return new PastAccount(accountId, opened.currency(), status, stage,
                AccountStanding.daysPastDue(opened.dueDate(), date, balance), ledger.accruedThrough(),
                BalanceJson.of(balance, opened.currency()), lastPaymentDate,
                positions.positionOf(accountId, recorded.lastSequence()), null, date);
    }

    /**
     * An account's folded events recorded by an instant, when each was recorded, and the sequence of
     * its last event (of any type) then.
     */
    private record Recorded(List<AccountEvent> events, List<Instant> recordedAt, long lastSequence) {
    }

    private Recorded recorded(String accountId, Instant instant, String unknown) {
        AuditController.requireAccountId(accountId);
        MongoCommitEventStorageEngine.RecordedStream stream = storageEngine.readRecordedBy(accountId, instant,
                FOLDED::contains);
        if (stream.lastSequence() < 0) {
            throw new UnknownAccount(unknown);
        }
        return new Recorded(stream.events().stream().map(message -> (AccountEvent) message.getPayload()).toList(),
                stream.events().stream().map(message -> message.getTimestamp()).toList(), stream.lastSequence());
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
