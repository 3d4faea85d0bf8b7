package io.arrears.query.api;

import io.arrears.kernel.account.AccountStatus;
import io.arrears.kernel.account.Borrower;
import io.arrears.kernel.account.PersonalDataVault;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.api.BalanceJson;
import io.arrears.kernel.rejection.InvalidRequest;
import io.arrears.kernel.rejection.UnknownAccount;
import io.arrears.query.account.AccountView;
import io.arrears.query.account.AccountViewProjection;
import io.arrears.query.account.AccountViews;
import io.arrears.query.audit.AuditTrail;
import io.arrears.query.audit.AuditTrailProjection;
import io.arrears.query.penalty.PenaltyLedger;
import io.arrears.query.penalty.PenaltyLedgerProjection;
import io.arrears.query.penalty.PenaltyStatement;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.bson.Document;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The query half of API.md for the account view and the audit trail. */
@RestController
@RequestMapping("/api/v1/accounts")
@Tag(name = "queries", description = "Read models built from the events")
public class AccountQueryController {

    static final int EVENTS_PAGE_DEFAULT = 100;

    private final AccountViews accountViews;
    private final AuditTrail auditTrail;
    private final PenaltyLedger penaltyLedger;
    private final ConsistencyGate consistencyGate;
    private final PersonalDataVault vault;

    public AccountQueryController(AccountViews accountViews, AuditTrail auditTrail, PenaltyLedger penaltyLedger,
                                  ConsistencyGate consistencyGate, PersonalDataVault vault) {
        this.accountViews = accountViews;
        this.auditTrail = auditTrail;
        this.penaltyLedger = penaltyLedger;
        this.consistencyGate = consistencyGate;
        this.vault = vault;
    }

    /** @param borrower the borrower's details, read with their key; "[erased]" once it is destroyed */
    public record AccountResponse(String accountId, String currency, AccountStatus status, Stage stage, long dpd,
                                  LocalDate accruedThrough, BalanceJson balance, LocalDate lastPaymentDate,
                                  long position, String borrowerId, Borrower borrower) {
    }

    public record EventsResponse(String accountId, List<Map<String, Object>> events, Long nextAfterSequence) {
    }

    @GetMapping("/{accountId}")
    @Operation(summary = "The account view (any role); ?consistentWith=<position> waits for that position")
    public AccountResponse account(@PathVariable String accountId,
                                   @RequestParam(required = false) Long consistentWith) {
        consistencyGate.await(AccountViewProjection.PROCESSING_GROUP, accountId, consistentWith,
                sequence -> accountViews.find(accountId).map(view -> view.lastSequence() >= sequence).orElse(false));
        AccountView view = accountViews.find(accountId).orElseThrow(() -> new UnknownAccount(accountId));
        return new AccountResponse(view.accountId(), view.currency(), view.status(), view.stage(),
                view.daysPastDue(), view.accruedThrough(), BalanceJson.of(view.balance(), view.currency()),
                view.lastPaymentDate(), view.lastPosition(), view.borrowerId(),
                vault.open(view.borrowerId(), view.borrower()));
    }

    @GetMapping("/{accountId}/penalties")
    @Operation(summary = "The penalty ledger (any role): segments, adjustments, waivers and payments, each with "
            + "the position of its event; the totals add up to the penalty balance")
    public PenaltyLedgerResponse penalties(@PathVariable String accountId,
                                           @RequestParam(required = false) Long consistentWith) {
        consistencyGate.await(PenaltyLedgerProjection.PROCESSING_GROUP, accountId, consistentWith,
                sequence -> penaltyLedger.contains(accountId, sequence));
        PenaltyStatement statement = penaltyLedger.statement(accountId)
                .orElseThrow(() -> new UnknownAccount(accountId));
        return PenaltyLedgerResponse.of(statement);
    }

    @GetMapping("/{accountId}/events")
    @Operation(summary = "The account's audit trail with hashes, in sequence order, paged (AUDITOR)")
    public EventsResponse events(@PathVariable String accountId,
                                 @RequestParam(required = false) Long consistentWith,
                                 @RequestParam(defaultValue = "-1") long afterSequence,
                                 @RequestParam(defaultValue = "" + EVENTS_PAGE_DEFAULT) int limit) {
        if (limit < 1 || limit > AuditTrail.PAGE_SIZE_MAX) {
            throw new InvalidRequest(List.of(new InvalidRequest.FieldProblem("limit",
                    "must be between 1 and " + AuditTrail.PAGE_SIZE_MAX)));
        }
        consistencyGate.await(AuditTrailProjection.PROCESSING_GROUP, accountId, consistentWith,
                sequence -> auditTrail.contains(accountId, sequence));
        List<Document> page = auditTrail.page(accountId, afterSequence, limit);
        if (page.isEmpty() && afterSequence < 0) {
            throw new UnknownAccount(accountId);
        }
        List<Map<String, Object>> events = new ArrayList<>(page.size());
        for (Document entry : page) {
            Document event = new Document(entry);
            event.remove("_id");
            events.add(event);
        }
        Long next = page.size() == limit
                ? ((Number) page.get(page.size() - 1).get("sequence")).longValue() : null;
        return new EventsResponse(accountId, events, next);
    }
}
