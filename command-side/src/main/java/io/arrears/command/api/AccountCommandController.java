package io.arrears.command.api;

import io.arrears.command.account.AccountOutcome;
import io.arrears.command.account.PaymentOutcome;
import io.arrears.command.api.CommandRequests.AccrualRequest;
import io.arrears.command.api.CommandRequests.BorrowerRequest;
import io.arrears.command.api.CommandRequests.DisputeRequest;
import io.arrears.command.api.CommandRequests.OpenAccountRequest;
import io.arrears.command.api.CommandRequests.PaymentRequest;
import io.arrears.command.api.CommandRequests.ResolutionRequest;
import io.arrears.command.api.CommandRequests.ReversalRequest;
import io.arrears.command.api.CommandRequests.TermsRequest;
import io.arrears.command.api.CommandRequests.WaiverRequest;
import io.arrears.command.api.CommandRequests.WriteOffRequest;
import io.arrears.command.api.CommandResponses.AccountOpenedResponse;
import io.arrears.command.api.CommandResponses.AccountResponse;
import io.arrears.command.api.CommandResponses.PaymentResponse;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Borrower;
import io.arrears.kernel.account.Component;
import io.arrears.kernel.account.DisputeOutcome;
import io.arrears.kernel.account.PenaltyBase;
import io.arrears.kernel.account.Terms;
import io.arrears.kernel.api.AllocationJson;
import io.arrears.kernel.api.BalanceJson;
import io.arrears.kernel.command.AccruePenalty;
import io.arrears.kernel.command.GrantWaiver;
import io.arrears.kernel.command.OpenAccount;
import io.arrears.kernel.command.RaiseDispute;
import io.arrears.kernel.command.RecordPayment;
import io.arrears.kernel.command.ResolveDispute;
import io.arrears.kernel.command.ReversePayment;
import io.arrears.kernel.command.WriteOffAccount;
import io.arrears.kernel.money.Money;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The command half of API.md for the ledger's facts (opening, payments, accruals, reversals, waivers,
 * disputes, write-off): validates at the edge, sends one command, answers with its outcome.
 * {@link CollectionsCommandController} has the collectors' and supervisors' commands.
 */
@RestController
@RequestMapping("/api/v1/accounts")
@Tag(name = "commands", description = "Commands that record facts about an account")
public class AccountCommandController extends CommandEndpoints {

    public AccountCommandController(CommandGateway commandGateway, EventPositions eventPositions) {
        super(commandGateway, eventPositions);
    }

    @PreAuthorize("hasRole('SERVICE')")
    @PostMapping
    @Operation(summary = "Open an account handed to collections (SERVICE)")
    public ResponseEntity<AccountOpenedResponse> open(@RequestBody OpenAccountRequest body,
                                                      HttpServletRequest request) {
        OpenAccount command = openAccount(body);
        send(command, request);
        long position = eventPositions.positionOf(command.accountId().value(), 0);
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new AccountOpenedResponse(command.accountId().value(), position));
    }

    @PreAuthorize("hasRole('SERVICE')")
    @PostMapping("/{accountId}/payments")
    @Operation(summary = "Record a payment (SERVICE); a repeat with the same paymentId answers 200")
    public ResponseEntity<PaymentResponse> pay(@PathVariable String accountId, @RequestBody PaymentRequest body,
                                               HttpServletRequest request) {
        RequestFields fields = new RequestFields();
        AccountId id = fields.accountId("accountId", accountId);
        String paymentId = fields.id("paymentId", body.paymentId());
        String amount = fields.positiveAmount("amount", body.amount());
        String currency = body.currency();
        if (currency != null) {
            fields.build("currency", () -> Money.minorDigits(currency));
        }
        var valueDate = fields.date("valueDate", body.valueDate(), true);
        String channel = fields.id("channel", body.channel());
        fields.throwIfInvalid();
        PaymentOutcome outcome = send(new RecordPayment(id, paymentId, amount, currency, valueDate, channel), request);
        long position = eventPositions.positionOf(id.value(), outcome.lastSequence());
        PaymentResponse response = new PaymentResponse(id.value(), paymentId, position,
                AllocationJson.of(outcome.allocation(), outcome.currency()),
                BalanceJson.of(outcome.balance(), outcome.currency()), outcome.accruedThrough());
        return ResponseEntity.status(outcome.repeated() ? HttpStatus.OK : HttpStatus.CREATED).body(response);
    }

    @PreAuthorize("hasRole('SERVICE')")
    @PostMapping("/{accountId}/accruals")
    @Operation(summary = "Post penalty evenings up to asOf (SERVICE); idempotent per date")
    public ResponseEntity<AccountResponse> accrue(@PathVariable String accountId, @RequestBody AccrualRequest body,
                                                  HttpServletRequest request) {
        RequestFields fields = new RequestFields();
        AccountId id = fields.accountId("accountId", accountId);
        var asOf = fields.date("asOf", body.asOf(), true);
        fields.throwIfInvalid();
        AccountOutcome outcome = send(new AccruePenalty(id, asOf), request);
        return ResponseEntity.ok(accountResponse(outcome));
    }

    @PreAuthorize("hasRole('SERVICE')")
    @PostMapping("/{accountId}/payments/{paymentId}/reversal")
    @Operation(summary = "Reverse a recorded payment (SERVICE): it leaves the facts and the ledger recomputes")
    public ResponseEntity<AccountResponse> reverse(@PathVariable String accountId, @PathVariable String paymentId,
                                                   @RequestBody ReversalRequest body, HttpServletRequest request) {
        RequestFields fields = new RequestFields();
        AccountId id = fields.accountId("accountId", accountId);
        fields.id("paymentId", paymentId);
        String reason = fields.text("reason", body.reason(), true);
        fields.throwIfInvalid();
        return created(send(new ReversePayment(id, paymentId, reason), request));
    }

    @PreAuthorize("hasRole('SUPERVISOR')")
    @PostMapping("/{accountId}/waivers")
    @Operation(summary = "Waive penalty, fees or interest from a date (SUPERVISOR); a repeat answers 200")
    public ResponseEntity<AccountResponse> waive(@PathVariable String accountId, @RequestBody WaiverRequest body,
                                                 HttpServletRequest request) {
        RequestFields fields = new RequestFields();
        AccountId id = fields.accountId("accountId", accountId);
        String waiverId = fields.id("waiverId", body.waiverId());
        Component component = fields.oneOf("component", body.component(), Component.class, true);
        if (component == Component.PRINCIPAL) {
            fields.problem("component", "must be one of [PENALTY, FEES, INTEREST]: principal is never waived");
        }
        String amount = fields.positiveAmount("amount", body.amount());
        LocalDate effectiveDate = fields.date("effectiveDate", body.effectiveDate(), true);
        String reason = fields.text("reason", body.reason(), true);
        fields.throwIfInvalid();
        return created(send(new GrantWaiver(id, waiverId, component, amount, effectiveDate, reason), request));
    }

    @PreAuthorize("hasRole('SUPERVISOR')")
    @PostMapping("/{accountId}/disputes")
    @Operation(summary = "Raise a dispute from a date (SUPERVISOR): penalty is frozen while it is open")
    public ResponseEntity<AccountResponse> raiseDispute(@PathVariable String accountId,
                                                        @RequestBody DisputeRequest body, HttpServletRequest request) {
        RequestFields fields = new RequestFields();
        AccountId id = fields.accountId("accountId", accountId);
        String disputeId = fields.id("disputeId", body.disputeId());
        LocalDate raisedOn = fields.date("raisedOn", body.raisedOn(), true);
        String reason = fields.text("reason", body.reason(), true);
        fields.throwIfInvalid();
        return created(send(new RaiseDispute(id, disputeId, raisedOn, reason), request));
    }

    @PreAuthorize("hasRole('SUPERVISOR')")
    @PostMapping("/{accountId}/disputes/{disputeId}/resolution")
    @Operation(summary = "Resolve a dispute on a date with its outcome (SUPERVISOR)")
    public ResponseEntity<AccountResponse> resolveDispute(@PathVariable String accountId,
                                                          @PathVariable String disputeId,
                                                          @RequestBody ResolutionRequest body,
                                                          HttpServletRequest request) {
        RequestFields fields = new RequestFields();
        AccountId id = fields.accountId("accountId", accountId);
        fields.id("disputeId", disputeId);
        LocalDate resolvedOn = fields.date("resolvedOn", body.resolvedOn(), true);
        DisputeOutcome outcome = fields.oneOf("outcome", body.outcome(), DisputeOutcome.class, true);
        fields.throwIfInvalid();
        return created(send(new ResolveDispute(id, disputeId, resolvedOn, outcome), request));
    }

    @PreAuthorize("hasRole('SUPERVISOR')")
    @PostMapping("/{accountId}/write-off")
    @Operation(summary = "Write the account off from a date (SUPERVISOR); later payments are recoveries")
    public ResponseEntity<AccountResponse> writeOff(@PathVariable String accountId, @RequestBody WriteOffRequest body,
                                                    HttpServletRequest request) {
        RequestFields fields = new RequestFields();
        AccountId id = fields.accountId("accountId", accountId);
        LocalDate date = fields.date("date", body.date(), true);
        String reason = fields.text("reason", body.reason(), true);
        fields.throwIfInvalid();
        return created(send(new WriteOffAccount(id, date, reason), request));
    }

    private static OpenAccount openAccount(OpenAccountRequest body) {
        RequestFields fields = new RequestFields();
        AccountId id = fields.accountId("accountId", body.accountId());
        String borrowerId = fields.id("borrowerId", body.borrowerId());
        String product = fields.id("product", body.product());
        String currency = fields.required("currency", body.currency());
        Integer digits = currency == null ? null : fields.build("currency", () -> Money.minorDigits(currency));
        var dueDate = fields.date("dueDate", body.dueDate(), true);
        var balancesAsOf = fields.date("balancesAsOf", body.balancesAsOf(), false);
        if (dueDate != null && balancesAsOf != null && balancesAsOf.isBefore(dueDate)) {
            fields.problem("balancesAsOf", "may not be before dueDate");
        }
        Balance opening = null;
        if (digits != null) {
            long principal = amount(fields, "principal", body.principal(), currency, true);
            long interest = amount(fields, "interest", body.interest(), currency, false);
            long fees = amount(fields, "fees", body.fees(), currency, false);
            long penalty = amount(fields, "penalty", body.penalty(), currency, false);
            if (fields.valid()) {
                opening = new Balance(principal, interest, fees, penalty, 0);
                if (opening.isSettled()) {
                    fields.problem("principal", "an account handed to collections must owe something");
                }
            }
        }
        Terms terms = terms(fields, body.terms());
        Borrower borrower = borrower(fields, body.borrower());
        fields.throwIfInvalid();
        return new OpenAccount(id, borrowerId, product, currency, dueDate, balancesAsOf, opening, terms, borrower);
    }

    private static long amount(RequestFields fields, String field, String text, String currency, boolean required) {
        if (text == null) {
            if (required) {
                fields.problem(field, "is required");
            }
            return 0;
        }
        Money money = fields.build(field, () -> Money.parse(text, currency));
        if (money != null && money.amountMinor() < 0) {
            fields.problem(field, "may not be negative");
            return 0;
        }
        return money == null ? 0 : money.amountMinor();
    }

    private static Terms terms(RequestFields fields, TermsRequest terms) {
        if (terms == null) {
            fields.problem("terms", "is required");
            return null;
        }
        Integer rate = fields.required("terms.penaltyRateBpsPerDay", terms.penaltyRateBpsPerDay());
        Integer grace = fields.required("terms.graceDays", terms.graceDays());
        PenaltyBase base = fields.oneOf("terms.penaltyBase", terms.penaltyBase(), PenaltyBase.class, false);
        List<Component> waterfall = new ArrayList<>();
        if (terms.waterfall() == null) {
            waterfall.addAll(Terms.DEFAULT_WATERFALL);
        } else {
            for (String component : terms.waterfall()) {
                Component parsed = fields.oneOf("terms.waterfall", component, Component.class, true);
                if (parsed != null) {
                    waterfall.add(parsed);
                }
            }
        }
        if (rate == null || grace == null || !fields.valid()) {
            return null;
        }
        return fields.build("terms", () -> new Terms(rate, grace,
                base == null ? PenaltyBase.PRINCIPAL_AND_INTEREST : base, terms.penaltyCapBps(), waterfall));
    }

    private static Borrower borrower(RequestFields fields, BorrowerRequest borrower) {
        if (borrower == null) {
            fields.problem("borrower", "is required");
            return null;
        }
        String timezone = fields.required("borrower.timezone", borrower.timezone());
        if (timezone == null) {
            return null;
        }
        return fields.build("borrower", () -> new Borrower(borrower.name(), borrower.phone(), borrower.email(),
                borrower.address(), timezone));
    }

}
