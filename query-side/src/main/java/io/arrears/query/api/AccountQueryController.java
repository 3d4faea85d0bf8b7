package io.arrears.query.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.arrears.kernel.account.AccountStatus;
import io.arrears.kernel.account.Borrower;
import io.arrears.kernel.account.PersonalDataVault;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.api.BalanceJson;
import io.arrears.kernel.audit.Caller;
import io.arrears.kernel.audit.Role;
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
import jakarta.servlet.http.HttpServletRequest;
import org.bson.Document;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query half of API.md for the account view and the audit trail. The borrower's contact details
 * are shown in plaintext only to the roles whose work needs them, and each showing is recorded.
 */
@RestController
@RequestMapping("/api/v1/accounts")
@Tag(name = "queries", description = "Read models built from the events")
public class AccountQueryController {

    static final int EVENTS_PAGE_DEFAULT = 100;
    /**
     * Collectors and supervisors contact borrowers; a service or an auditor gets no contact details in
     * the view (the sealed form is in the audit trail, where an auditor can check an erasure).
     */
    public static final Set<Role> PERSONAL_DATA_ROLES = EnumSet.of(Role.COLLECTOR, Role.SUPERVISOR);

    private final AccountViews accountViews;
    private final AuditTrail auditTrail;
    private final PenaltyLedger penaltyLedger;
    private final ConsistencyGate consistencyGate;
    private final PersonalDataVault vault;
    private final PersonalDataAccessLog accessLog;

    public AccountQueryController(AccountViews accountViews, AuditTrail auditTrail, PenaltyLedger penaltyLedger,
                                  ConsistencyGate consistencyGate, PersonalDataVault vault,
                                  PersonalDataAccessLog accessLog) {
        this.accountViews = accountViews;
        this.auditTrail = auditTrail;
        this.penaltyLedger = penaltyLedger;
        this.consistencyGate = consistencyGate;
        this.vault = vault;
        this.accessLog = accessLog;
    }

    /**
     * @param borrower the borrower's details, read with their key, "[erased]" once it is destroyed; absent
     *                 for a caller without one of {@link #PERSONAL_DATA_ROLES}
     */
    public record AccountResponse(String accountId, String currency, AccountStatus status, Stage stage, long dpd,
                                  LocalDate accruedThrough, BalanceJson balance, LocalDate lastPaymentDate,
                                  long position, String borrowerId,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) Borrower borrower) {
    }

    public record EventsResponse(String accountId, List<Map<String, Object>> events, Long nextAfterSequence) {
    }

    @GetMapping("/{accountId}")
    @PreAuthorize("hasAnyRole('SERVICE', 'COLLECTOR', 'SUPERVISOR', 'AUDITOR')")
    @Operation(summary = "The account view (any role; the borrower's contact details for COLLECTOR and SUPERVISOR "
            + "only); ?consistentWith=<position> waits for that position")
    public AccountResponse account(@PathVariable String accountId,
                                   @RequestParam(required = false) Long consistentWith,
                                   HttpServletRequest request) {
        consistencyGate.await(AccountViewProjection.PROCESSING_GROUP, accountId, consistentWith,
                sequence -> accountViews.find(accountId).map(view -> view.lastSequence() >= sequence).orElse(false));
        AccountView view = accountViews.find(accountId).orElseThrow(() -> new UnknownAccount(accountId));
        Caller caller = (Caller) request.getAttribute(Caller.REQUEST_ATTRIBUTE);
        Borrower borrower = null;
        if (caller != null && caller.holdsAny(PERSONAL_DATA_ROLES)) {
            borrower = vault.open(view.borrowerId(), view.borrower());
            List<String> shown = plaintextFields(borrower);
            if (!shown.isEmpty()) {
                accessLog.record(caller, view.accountId(), view.borrowerId(), shown);
            }
        }
        return new AccountResponse(view.accountId(), view.currency(), view.status(), view.stage(),
                view.daysPastDue(), view.accruedThrough(), BalanceJson.of(view.balance(), view.currency()),
                view.lastPaymentDate(), view.lastPosition(), view.borrowerId(), borrower);
    }

    /** The personal fields an opened borrower shows in plaintext: present and not erased. */
    private static List<String> plaintextFields(Borrower borrower) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", borrower.name());
        fields.put("phone", borrower.phone());
        fields.put("email", borrower.email());
        fields.put("address", borrower.address());
        return fields.entrySet().stream()
                .filter(field -> field.getValue() != null && !field.getValue().equals(PersonalDataVault.ERASED))
                .map(Map.Entry::getKey).toList();
    }

    @GetMapping("/{accountId}/penalties")
    @PreAuthorize("hasAnyRole('SERVICE', 'COLLECTOR', 'SUPERVISOR', 'AUDITOR')")
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
    @PreAuthorize("hasRole('AUDITOR')")
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
