package io.arrears.infra.reconciliation;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.rejection.InvalidRequest.FieldProblem;
import io.arrears.kernel.rejection.InvalidRequest;
import io.arrears.query.account.AccountViewProjection;
import io.arrears.query.account.AccountViews;
import io.arrears.query.api.ConsistencyGate;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Reconciliation for finance and auditors: the view, the events and a recomputation, account by account. */
@RestController
@RequestMapping("/api/v1/reconciliation")
@Tag(name = "reconciliation", description = "Balance projection = sum of events = recomputation from facts")
public class ReconciliationController {

    static final int LIMIT_DEFAULT = 1_000;
    private final Reconciliation reconciliation;
    private final ConsistencyGate consistencyGate;
    private final AccountViews accountViews;

    public ReconciliationController(Reconciliation reconciliation, ConsistencyGate consistencyGate,
                                   AccountViews accountViews) {
        this.reconciliation = reconciliation;
        this.consistencyGate = consistencyGate;
        this.accountViews = accountViews;
    }

    @PreAuthorize("hasAnyRole('AUDITOR', 'SUPERVISOR')")
    @GetMapping
    @Operation(summary = "Reconcile one account (?accountId=, with ?consistentWith= to wait for its view) or a "
            + "page of accounts in id order (?after=&limit=); follow 'next' until it is null (AUDITOR or SUPERVISOR)")
    public Reconciliation.Report reconcile(@RequestParam(required = false) String accountId,
                                           @RequestParam(required = false) Long consistentWith,
                                           @RequestParam(required = false) String after,
                                           @RequestParam(defaultValue = "" + LIMIT_DEFAULT) int limit) {
        if (limit < 1 || limit > Reconciliation.ACCOUNTS_PER_PAGE_MAX) {
            throw new InvalidRequest(List.of(new FieldProblem("limit",
                    "must be between 1 and " + Reconciliation.ACCOUNTS_PER_PAGE_MAX)));
        }
        if (accountId != null) {
            if (!AccountId.isValid(accountId)) {
                throw new InvalidRequest(List.of(new FieldProblem("accountId", "is not an account id")));
            }
            consistencyGate.await(AccountViewProjection.PROCESSING_GROUP, accountId, consistentWith,
                    sequence -> accountViews.find(accountId).map(view -> view.lastSequence() >= sequence).orElse(false));
            return reconciliation.check(accountId);
        }
        return reconciliation.check(after, limit);
    }
}
