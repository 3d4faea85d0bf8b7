package io.arrears.kernel.api;

import io.arrears.kernel.account.Balance;
import io.arrears.kernel.money.Money;

/**
 * A balance as the HTTP API shows it: decimal strings with the currency's minor digits.
 * {@code total} is everything owed (principal, interest, fees, penalty); credit stands apart
 * because it is the borrower's money, refundable.
 */
public record BalanceJson(String principal, String interest, String fees, String penalty, String credit,
                          String total) {

    public static BalanceJson of(Balance balance, String currency) {
        return new BalanceJson(Money.format(balance.principalMinor(), currency),
                Money.format(balance.interestMinor(), currency), Money.format(balance.feesMinor(), currency),
                Money.format(balance.penaltyMinor(), currency), Money.format(balance.creditMinor(), currency),
                Money.format(balance.owedMinor(), currency));
    }
}
