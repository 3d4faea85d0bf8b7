package io.arrears.command.api;

import io.arrears.kernel.account.Stage;
import io.arrears.kernel.api.AllocationJson;
import io.arrears.kernel.api.BalanceJson;

import java.time.LocalDate;

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

    record ContactResponse(String accountId, String contactId, long position) {
    }
}
