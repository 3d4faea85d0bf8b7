package io.arrears.query.account;

import io.arrears.kernel.account.AccountStatus;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Borrower;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.event.AccountStanding;
import io.arrears.kernel.time.CanonicalDates;
import org.bson.Document;

import java.time.LocalDate;

/**
 * One account as the read side stores it; amounts in minor units.
 *
 * @param lastSequence the sequence of the last event applied, for idempotent handling
 * @param lastPosition the global position of that event
 * @param borrower     as the events store it: personal fields sealed (see {@code PersonalDataVault})
 */
public record AccountView(String accountId, String borrowerId, String product, String currency,
                          AccountStatus status, Stage stage, LocalDate dueDate, LocalDate balancesAsOf,
                          LocalDate accruedThrough, Balance balance, LocalDate lastPaymentDate, long lastSequence,
                          long lastPosition, Borrower borrower) {

    /** DPD as of accruedThrough: days since the due date while anything is owed, else 0. */
    public long daysPastDue() {
        return standing().daysPastDue(balance);
    }

    /** Its status, stage and dates as the one fold keeps them; the view does not store the stage before a resolution. */
    AccountStanding standing() {
        return new AccountStanding(status, stage, null, dueDate, accruedThrough, lastPaymentDate);
    }

    AccountView with(AccountStanding standing) {
        return new AccountView(accountId, borrowerId, product, currency, standing.status(), standing.stage(), dueDate,
                balancesAsOf, standing.accruedThrough(), balance, standing.lastPaymentDate(), lastSequence,
                lastPosition, borrower);
    }

    AccountView withPenalty(long penaltyMinor) {
        return withBalance(new Balance(balance.principalMinor(), balance.interestMinor(), balance.feesMinor(),
                penaltyMinor, balance.creditMinor()));
    }

    AccountView withBalance(Balance after) {
        return new AccountView(accountId, borrowerId, product, currency, status, stage, dueDate, balancesAsOf,
                accruedThrough, after, lastPaymentDate, lastSequence, lastPosition, borrower);
    }

    AccountView appliedThrough(long sequence, long position) {
        return new AccountView(accountId, borrowerId, product, currency, status, stage, dueDate, balancesAsOf,
                accruedThrough, balance, lastPaymentDate, sequence, position, borrower);
    }

    Document toDocument() {
        return new Document("_id", accountId)
                .append("borrowerId", borrowerId)
                .append("product", product)
                .append("currency", currency)
                .append("status", status.name())
                .append("stage", stage.name())
                .append("dueDate", dueDate.toString())
                .append("balancesAsOf", balancesAsOf.toString())
                .append("accruedThrough", accruedThrough.toString())
                .append("balance", new Document("principalMinor", balance.principalMinor())
                        .append("interestMinor", balance.interestMinor())
                        .append("feesMinor", balance.feesMinor())
                        .append("penaltyMinor", balance.penaltyMinor())
                        .append("creditMinor", balance.creditMinor()))
                .append("lastPaymentDate", lastPaymentDate == null ? null : lastPaymentDate.toString())
                .append("lastSequence", lastSequence)
                .append("lastPosition", lastPosition)
                .append("borrower", new Document("name", borrower.name()).append("phone", borrower.phone())
                        .append("email", borrower.email()).append("address", borrower.address())
                        .append("timezone", borrower.timezone()));
    }

    static AccountView fromDocument(Document document) {
        Document balance = document.get("balance", Document.class);
        String lastPaymentDate = document.getString("lastPaymentDate");
        return new AccountView(document.getString("_id"), document.getString("borrowerId"),
                document.getString("product"), document.getString("currency"),
                AccountStatus.valueOf(document.getString("status")), Stage.valueOf(document.getString("stage")),
                CanonicalDates.parse(document.getString("dueDate")),
                CanonicalDates.parse(document.getString("balancesAsOf")),
                CanonicalDates.parse(document.getString("accruedThrough")),
                new Balance(minor(balance, "principalMinor"), minor(balance, "interestMinor"),
                        minor(balance, "feesMinor"), minor(balance, "penaltyMinor"), minor(balance, "creditMinor")),
                lastPaymentDate == null ? null : CanonicalDates.parse(lastPaymentDate),
                ((Number) document.get("lastSequence")).longValue(),
                ((Number) document.get("lastPosition")).longValue(), borrower(document.get("borrower", Document.class)));
    }

    private static Borrower borrower(Document borrower) {
        return new Borrower(borrower.getString("name"), borrower.getString("phone"), borrower.getString("email"),
                borrower.getString("address"), borrower.getString("timezone"));
    }

    private static long minor(Document balance, String key) {
        return ((Number) balance.get(key)).longValue();
    }
}
