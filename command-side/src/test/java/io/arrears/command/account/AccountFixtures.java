package io.arrears.command.account;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Borrower;
import io.arrears.kernel.account.PenaltyBase;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.account.Terms;
import io.arrears.kernel.command.OpenAccount;
import io.arrears.kernel.event.AccountOpened;

import java.time.LocalDate;

/** The account of API.md's worked example, and small variations of it. */
final class AccountFixtures {

    static final AccountId ACCOUNT = new AccountId("HB-000123");
    static final LocalDate DUE = LocalDate.of(2026, 3, 1);
    static final Terms TERMS = new Terms(5, 3, PenaltyBase.PRINCIPAL_AND_INTEREST, 2400, Terms.DEFAULT_WATERFALL);
    static final Balance OPENING = new Balance(1_000_000, 15_000, 2_000, 0, 0);
    static final Borrower BORROWER = new Borrower("Li Wei", "+8613800000000", "li@example.com", "Hangzhou",
            "Asia/Shanghai");

    private AccountFixtures() {
    }

    static OpenAccount openAccount() {
        return new OpenAccount(ACCOUNT, "B-77", "HUABEI", "CNY", DUE, DUE, OPENING, TERMS, BORROWER);
    }

    static AccountOpened accountOpened() {
        return accountOpened(TERMS, OPENING);
    }

    static AccountOpened accountOpened(Terms terms, Balance opening) {
        return new AccountOpened(ACCOUNT, "B-77", "HUABEI", "CNY", DUE, DUE, opening, terms, BORROWER,
                Stage.PREPARATION, 0);
    }
}
