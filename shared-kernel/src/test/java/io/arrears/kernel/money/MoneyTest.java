package io.arrears.kernel.money;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    @ParameterizedTest(name = "{0} {1} is {2} minor units")
    @CsvSource({
            "1234.50, CNY, 123450",
            "0.01,    CNY, 1",
            "1234,    JPY, 1234",
            "1.234,   KWD, 1234",
            "92233720368547758.07, CNY, 9223372036854775807"})
    void parsesExactlyTheCurrencysMinorDigits(String text, String currency, long minor) {
        Money money = Money.parse(text, currency);

        assertThat(money.amountMinor()).isEqualTo(minor);
        assertThat(money.toDecimalString()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234.5", "1234.500", "1234", "1,234.50", "1e3", " 1.00", "+1.00", "01.00", "",
            "92233720368547758.08", "NaN"})
    void refusesAnyOtherFormForCny(String text) {
        assertThatThrownBy(() -> Money.parse(text, "CNY")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"XXY", "cny", "", "XXX"})
    void refusesWhatIsNotAnIso4217CurrencyWithMinorUnits(String currency) {
        assertThatThrownBy(() -> Money.parse("1.00", currency)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"0.00, false", "0.01, true", "-1.00, false", "10, true", "abc, false"})
    void tellsAPositiveDecimal(String text, boolean positive) {
        assertThat(Money.isPositiveDecimal(text)).isEqualTo(positive);
    }

    @ParameterizedTest
    @CsvSource({"5, 10000, 0", "15000, 10000, 2", "25000, 10000, 2", "35000, 10000, 4", "5075, 1000, 5",
            "5085, 1000, 5", "5086, 1000, 5", "5500, 1000, 6", "4500, 1000, 4", "0, 7, 0"})
    void roundsHalfToEven(long numerator, long denominator, long expected) {
        assertThat(HalfEven.divide(numerator, denominator)).isEqualTo(expected);
    }
}
