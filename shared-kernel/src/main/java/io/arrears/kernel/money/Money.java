package io.arrears.kernel.money;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An exact amount of money: an integer count of minor units of an ISO 4217 currency.
 *
 * <p>There is deliberately no way to build one from a binary floating point number. The decimal
 * text form carries exactly the currency's minor digits ("1234.50" for CNY, "1234" for JPY).
 */
public record Money(long amountMinor, String currency) {

    private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]{0,17})(\\.[0-9]+)?");

    public Money {
        Objects.requireNonNull(currency, "currency");
        minorDigits(currency);
    }

    /**
     * Parses the decimal text form; it must have exactly the currency's minor digits.
     *
     * @throws IllegalArgumentException with a message that names the expected form
     */
    public static Money parse(String text, String currency) {
        int digits = minorDigits(currency);
        if (text == null || !DECIMAL.matcher(text).matches()) {
            throw new IllegalArgumentException("must be a decimal string such as \"" + example(digits) + "\"");
        }
        int dot = text.indexOf('.');
        int fractionDigits = dot < 0 ? 0 : text.length() - dot - 1;
        if (fractionDigits != digits) {
            throw new IllegalArgumentException("must have exactly " + digits + " minor digits for " + currency
                    + ", such as \"" + example(digits) + "\"");
        }
        try {
            return new Money(new BigDecimal(text).movePointRight(digits).longValueExact(), currency);
        } catch (ArithmeticException tooLarge) {
            throw new IllegalArgumentException("is too large");
        }
    }

    /** True for decimal text above zero in the form {@link #parse} accepts, whatever the currency. */
    public static boolean isPositiveDecimal(String text) {
        return text != null && DECIMAL.matcher(text).matches() && !text.startsWith("-")
                && new BigDecimal(text).signum() > 0;
    }

    /** The number of minor digits of an ISO 4217 currency (2 for CNY, 0 for JPY, 3 for KWD). */
    public static int minorDigits(String currency) {
        Currency iso;
        try {
            iso = Currency.getInstance(currency);
        } catch (IllegalArgumentException | NullPointerException unknown) {
            throw new IllegalArgumentException("unknown ISO 4217 currency: " + currency);
        }
        int digits = iso.getDefaultFractionDigits();
        if (digits < 0) {
            throw new IllegalArgumentException("currency has no minor unit: " + currency);
        }
        return digits;
    }

    public static String format(long amountMinor, String currency) {
        return BigDecimal.valueOf(amountMinor, minorDigits(currency)).toPlainString();
    }

    private static String example(int digits) {
        return BigDecimal.valueOf(123450, 2).setScale(digits, java.math.RoundingMode.DOWN).toPlainString();
    }

    public String toDecimalString() {
        return format(amountMinor, currency);
    }

    @Override
    public String toString() {
        return toDecimalString() + " " + currency;
    }
}
