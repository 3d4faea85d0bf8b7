package io.arrears.command.api;

import io.arrears.kernel.account.Stage;
import io.arrears.kernel.api.AllocationJson;
import io.arrears.kernel.api.BalanceJson;

import io.arrears.kernel.account.ContactChannel;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The bodies the command endpoints answer with; each carries the position of the last event written. */
final class CommandResponses {

    private CommandResponses() {
    }

    record AccountOpenedResponse(String accountId, long position) {
    }

    record PaymentResponse(String accountId, String paymentId, long position, AllocationJson allocation,
                           BalanceJson balance, LocalDate accruedThrough) {
    }

    record AccountResponse(String accountId, long position, BalanceJson balance, LocalDate accruedThrough,
                           Stage stage) {
    }

    /** @param policyBreaches the contact-policy rules the contact broke; it is recorded all the same */
    record ContactResponse(String accountId, String contactId, long position, List<String> policyBreaches) {
    }

    record PermissionResponse(String accountId, ContactChannel channel, Instant at, boolean allowed,
                              List<String> blockedBy, Instant nextAllowedAt, String preset) {
    }
}
