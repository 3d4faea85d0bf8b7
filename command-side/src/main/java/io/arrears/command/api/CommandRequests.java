package io.arrears.command.api;

import java.util.List;

/**
 * The bodies of the command endpoints as sent. Every field is text or a plain number so that the
 * edge, not the JSON binder, decides what is valid and can name the field that is not.
 */
final class CommandRequests {

    private CommandRequests() {
    }

    record OpenAccountRequest(String accountId, String borrowerId, String product, String currency, String dueDate,
                              String balancesAsOf, String principal, String interest, String fees, String penalty,
                              TermsRequest terms, BorrowerRequest borrower) {
    }

    record TermsRequest(Integer penaltyRateBpsPerDay, Integer graceDays, String penaltyBase, Integer penaltyCapBps,
                        List<String> waterfall) {
    }

    record BorrowerRequest(String name, String phone, String email, String address, String timezone) {
    }

    record PaymentRequest(String paymentId, String amount, String currency, String valueDate, String channel) {
    }

    record AccrualRequest(String asOf) {
    }

    record ContactRequest(String contactId, String channel, String direction, String outcome, String occurredAt,
                          String agentId, String note) {
    }

    record EscalationRequest(String toStage, String reason) {
    }

    record CeaseContactRequest(String requestedAt, String reason) {
    }

    record ErasureRequest(String reason) {
    }

    record PromiseRequest(String promiseId, String amount, String dueDate) {
    }

    record InstalmentRequest(String dueDate, String amount) {
    }

    record PlanRequest(String planId, String kind, List<InstalmentRequest> instalments) {
    }

    record BureauReportRequest(String bureau, String reference) {
    }

    record LegalActionRequest(String reference, String action, String description) {
    }

    record ReversalRequest(String reason) {
    }

    record WaiverRequest(String waiverId, String component, String amount, String effectiveDate, String reason) {
    }

    record DisputeRequest(String disputeId, String raisedOn, String reason) {
    }

    record ResolutionRequest(String resolvedOn, String outcome) {
    }

    record WriteOffRequest(String date, String reason) {
    }
}
