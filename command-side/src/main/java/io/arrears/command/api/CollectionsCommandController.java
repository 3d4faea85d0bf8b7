package io.arrears.command.api;

import io.arrears.command.account.AccountOutcome;
import io.arrears.command.account.ContactLogOutcome;
import io.arrears.command.account.ContactPolicy;
import io.arrears.command.api.CommandRequests.BureauReportRequest;
import io.arrears.command.api.CommandRequests.CeaseContactRequest;
import io.arrears.command.api.CommandRequests.ContactRequest;
import io.arrears.command.api.CommandRequests.ErasureRequest;
import io.arrears.command.api.CommandRequests.EscalationRequest;
import io.arrears.command.api.CommandRequests.InstalmentRequest;
import io.arrears.command.api.CommandRequests.LegalActionRequest;
import io.arrears.command.api.CommandRequests.PlanRequest;
import io.arrears.command.api.CommandRequests.PromiseRequest;
import io.arrears.command.api.CommandResponses.AccountResponse;
import io.arrears.command.api.CommandResponses.ContactResponse;
import io.arrears.command.api.CommandResponses.PermissionResponse;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import io.arrears.kernel.account.PlanKind;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.command.AgreePlan;
import io.arrears.kernel.command.CheckContactPermission;
import io.arrears.kernel.command.EraseBorrowerData;
import io.arrears.kernel.command.EscalateStage;
import io.arrears.kernel.command.LogContact;
import io.arrears.kernel.command.RecordPromise;
import io.arrears.kernel.command.ReportToCreditBureau;
import io.arrears.kernel.command.RequestCeaseContact;
import io.arrears.kernel.command.TakeLegalAction;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The command half of API.md for collecting: contacts and the contact policy, escalation, promises,
 * plans, credit-bureau reports, legal actions and erasure. Validates at the edge, sends one command,
 * answers with its outcome.
 */
@RestController
@RequestMapping("/api/v1/accounts")
@Tag(name = "commands", description = "Commands that record facts about an account")
public class CollectionsCommandController extends CommandEndpoints {

    public CollectionsCommandController(CommandGateway commandGateway, EventPositions eventPositions) {
        super(commandGateway, eventPositions);
    }

    @PreAuthorize("hasRole('COLLECTOR')")
    @PostMapping("/{accountId}/contacts")
    @Operation(summary = "Log a contact attempt that happened (COLLECTOR); a repeat answers 200")
    public ResponseEntity<ContactResponse> logContact(@PathVariable String accountId,
                                                      @RequestBody ContactRequest body, HttpServletRequest request) {
        RequestFields fields = new RequestFields();
        AccountId id = fields.accountId("accountId", accountId);
        String contactId = fields.id("contactId", body.contactId());
        ContactChannel channel = fields.oneOf("channel", body.channel(), ContactChannel.class, true);
        ContactDirection direction = fields.oneOf("direction", body.direction(), ContactDirection.class, true);
        ContactOutcome outcome = fields.oneOf("outcome", body.outcome(), ContactOutcome.class, true);
        var occurredAt = fields.instant("occurredAt", body.occurredAt());
        String agentId = fields.id("agentId", body.agentId());
        String note = fields.text("note", body.note(), false);
        fields.throwIfInvalid();
        ContactLogOutcome result = send(new LogContact(id, contactId, channel, direction, outcome, occurredAt,
                agentId, note), request);
        long position = eventPositions.positionOf(id.value(), result.lastSequence());
        return ResponseEntity.status(result.repeated() ? HttpStatus.OK : HttpStatus.CREATED)
                .body(new ContactResponse(id.value(), contactId, position, result.breaches()));
    }

    @PreAuthorize("hasRole('COLLECTOR')")
    @GetMapping("/{accountId}/contact-permission")
    @Operation(summary = "May a collector contact the borrower on this channel at this moment (COLLECTOR)? "
            + "allowed, the rules that block, and when it next becomes allowed")
    public PermissionResponse contactPermission(@PathVariable String accountId,
                                                @RequestParam(required = false) String channel,
                                                @RequestParam(required = false) String at,
                                                HttpServletRequest request) {
        RequestFields fields = new RequestFields();
        AccountId id = fields.accountId("accountId", accountId);
        ContactChannel parsedChannel = fields.oneOf("channel", channel, ContactChannel.class, true);
        Instant moment = fields.instant("at", at);
        fields.throwIfInvalid();
        ContactPolicy.Permission permission = send(new CheckContactPermission(id, parsedChannel, moment), request);
        return new PermissionResponse(id.value(), parsedChannel, moment, permission.allowed(),
                permission.blockedBy(), permission.nextAllowedAt(), permission.preset());
    }

    @PreAuthorize("hasAnyRole('COLLECTOR', 'SERVICE')")
    @PostMapping("/{accountId}/cease-contact")
    @Operation(summary = "Record the borrower's request to stop contact (COLLECTOR or SERVICE): letters only "
            + "from now on; a repeat answers 200")
    public ResponseEntity<AccountResponse> ceaseContact(@PathVariable String accountId,
                                                        @RequestBody CeaseContactRequest body,
                                                        HttpServletRequest request) {
        RequestFields fields = new RequestFields();
        AccountId id = fields.accountId("accountId", accountId);
        Instant requestedAt = fields.instant("requestedAt", body.requestedAt());
        String reason = fields.text("reason", body.reason(), true);
        fields.throwIfInvalid();
        return created(send(new RequestCeaseContact(id, requestedAt, reason), request));
    }

    @PreAuthorize("hasRole('SUPERVISOR')")
    @PostMapping("/{accountId}/escalations")
    @Operation(summary = "Escalate to a later stage by hand, with a reason (SUPERVISOR)")
    public ResponseEntity<AccountResponse> escalate(@PathVariable String accountId,
                                                    @RequestBody EscalationRequest body, HttpServletRequest request) {
        RequestFields fields = new RequestFields();
        AccountId id = fields.accountId("accountId", accountId);
        Stage toStage = fields.oneOf("toStage", body.toStage(), Stage.class, true);
        String reason = fields.text("reason", body.reason(), true);
        fields.throwIfInvalid();
        AccountOutcome outcome = send(new EscalateStage(id, toStage, reason), request);
        return ResponseEntity.status(HttpStatus.CREATED).body(accountResponse(outcome));
    }

    @PreAuthorize("hasRole('COLLECTOR')")
    @PostMapping("/{accountId}/promises")
    @Operation(summary = "Record a promise to pay an amount by a date (COLLECTOR); kept or broken by the ledger")
    public ResponseEntity<AccountResponse> promise(@PathVariable String accountId, @RequestBody PromiseRequest body,
                                                   HttpServletRequest request) {
        RequestFields fields = new RequestFields();
        AccountId id = fields.accountId("accountId", accountId);
        String promiseId = fields.id("promiseId", body.promiseId());
        String amount = fields.positiveAmount("amount", body.amount());
        LocalDate dueDate = fields.date("dueDate", body.dueDate(), true);
        fields.throwIfInvalid();
        return created(send(new RecordPromise(id, promiseId, amount, dueDate), request));
    }

    @PreAuthorize("hasRole('COLLECTOR')")
    @PostMapping("/{accountId}/plans")
    @Operation(summary = "Agree a repayment plan: EXTENSION, INSTALMENTS or LUMP_SUM (COLLECTOR)")
    public ResponseEntity<AccountResponse> agreePlan(@PathVariable String accountId, @RequestBody PlanRequest body,
                                                     HttpServletRequest request) {
        RequestFields fields = new RequestFields();
        AccountId id = fields.accountId("accountId", accountId);
        String planId = fields.id("planId", body.planId());
        PlanKind kind = fields.oneOf("kind", body.kind(), PlanKind.class, true);
        List<AgreePlan.Instalment> instalments = new ArrayList<>();
        if (body.instalments() == null || body.instalments().isEmpty()
                || body.instalments().size() > AgreePlan.INSTALMENTS_MAX) {
            fields.problem("instalments", "must list 1 to " + AgreePlan.INSTALMENTS_MAX + " instalments");
        } else {
            for (int i = 0; i < body.instalments().size(); i++) {
                InstalmentRequest instalment = body.instalments().get(i);
                if (instalment == null) {
                    fields.problem("instalments[" + i + "]", "is required");
                    continue;
                }
                LocalDate dueDate = fields.date("instalments[" + i + "].dueDate", instalment.dueDate(), true);
                String amount = fields.positiveAmount("instalments[" + i + "].amount", instalment.amount());
                if (dueDate != null && amount != null) {
                    instalments.add(new AgreePlan.Instalment(dueDate, amount));
                }
            }
        }
        fields.throwIfInvalid();
        AgreePlan command = fields.build("instalments", () -> new AgreePlan(id, planId, kind, instalments));
        fields.throwIfInvalid();
        return created(send(command, request));
    }

    @PreAuthorize("hasRole('SUPERVISOR')")
    @PostMapping("/{accountId}/bureau-reports")
    @Operation(summary = "Report the delinquency to a credit bureau, from stage LATE on (SUPERVISOR)")
    public ResponseEntity<AccountResponse> reportToBureau(@PathVariable String accountId,
                                                          @RequestBody BureauReportRequest body,
                                                          HttpServletRequest request) {
        RequestFields fields = new RequestFields();
        AccountId id = fields.accountId("accountId", accountId);
        String bureau = fields.id("bureau", body.bureau());
        String reference = fields.id("reference", body.reference());
        fields.throwIfInvalid();
        return created(send(new ReportToCreditBureau(id, bureau, reference), request));
    }

    @PreAuthorize("hasRole('SUPERVISOR')")
    @PostMapping("/{accountId}/legal-actions")
    @Operation(summary = "Record a legal step under its case reference, in stage LEGAL only (SUPERVISOR)")
    public ResponseEntity<AccountResponse> legalAction(@PathVariable String accountId,
                                                       @RequestBody LegalActionRequest body,
                                                       HttpServletRequest request) {
        RequestFields fields = new RequestFields();
        AccountId id = fields.accountId("accountId", accountId);
        String reference = fields.id("reference", body.reference());
        String action = fields.id("action", body.action());
        String description = fields.text("description", body.description(), true);
        fields.throwIfInvalid();
        return created(send(new TakeLegalAction(id, reference, action, description), request));
    }

    @PreAuthorize("hasRole('SUPERVISOR')")
    @PostMapping("/{accountId}/erasure")
    @Operation(summary = "Erase the borrower's personal data for good by destroying their key (SUPERVISOR); "
            + "the erasure is an event and the hash chain still verifies")
    public ResponseEntity<AccountResponse> erase(@PathVariable String accountId, @RequestBody ErasureRequest body,
                                                 HttpServletRequest request) {
        RequestFields fields = new RequestFields();
        AccountId id = fields.accountId("accountId", accountId);
        String reason = fields.text("reason", body.reason(), true);
        fields.throwIfInvalid();
        return created(send(new EraseBorrowerData(id, reason), request));
    }
}
