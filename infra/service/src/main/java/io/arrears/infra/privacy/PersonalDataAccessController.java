package io.arrears.infra.privacy;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Identifiers;
import io.arrears.kernel.rejection.InvalidRequest.FieldProblem;
import io.arrears.kernel.rejection.InvalidRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/** Who was shown which borrower's personal data, and when (AUDITOR). */
@RestController
@Tag(name = "audit", description = "Verification and export of the event store itself")
public class PersonalDataAccessController {

    static final int LIMIT_DEFAULT = 100;
    private final MongoPersonalDataAccessLog log;

    public PersonalDataAccessController(MongoPersonalDataAccessLog log) {
        this.log = log;
    }

    public record AccessRecord(String id, Instant at, String accountId, String borrowerId, List<String> fields,
                               String actorId, String clientId, String role) {
    }

    /** @param nextBefore pass as {@code before} for the next, older page; null on the last page */
    public record AccessPage(List<AccessRecord> records, String nextBefore) {
    }

    @PreAuthorize("hasRole('AUDITOR')")
    @GetMapping("/api/v1/audit/personal-data-access")
    @Operation(summary = "Every showing of borrowers' personal data in plaintext, newest first: who, which "
            + "account and fields, when; of one account (?accountId=) or one actor (?actorId=), paged with "
            + "?before=<nextBefore> (AUDITOR)")
    public AccessPage accessRecords(@RequestParam(required = false) String accountId,
                                    @RequestParam(required = false) String actorId,
                                    @RequestParam(required = false) String before,
                                    @RequestParam(defaultValue = "" + LIMIT_DEFAULT) int limit) {
        if (accountId != null && !AccountId.isValid(accountId)) {
            throw invalid("accountId", "is not an account id");
        }
        if (actorId != null && !Identifiers.isValid(actorId)) {
            throw invalid("actorId", Identifiers.RULE);
        }
        if (before != null && !ObjectId.isValid(before)) {
            throw invalid("before", "must be a nextBefore of an earlier page");
        }
        if (limit < 1 || limit > MongoPersonalDataAccessLog.PAGE_SIZE_MAX) {
            throw invalid("limit", "must be between 1 and " + MongoPersonalDataAccessLog.PAGE_SIZE_MAX);
        }
        List<Document> page = log.page(accountId, actorId, before == null ? null : new ObjectId(before), limit);
        List<AccessRecord> records = page.stream().map(record -> new AccessRecord(
                record.getObjectId("_id").toHexString(), record.getDate("at").toInstant(),
                record.getString("accountId"), record.getString("borrowerId"), record.getList("fields", String.class),
                record.getString("actorId"), record.getString("clientId"), record.getString("role"))).toList();
        String next = page.size() == limit ? records.get(records.size() - 1).id() : null;
        return new AccessPage(records, next);
    }

    private static InvalidRequest invalid(String field, String message) {
        return new InvalidRequest(List.of(new FieldProblem(field, message)));
    }
}
