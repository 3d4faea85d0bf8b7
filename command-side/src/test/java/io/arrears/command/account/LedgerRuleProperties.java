package io.arrears.command.account;

import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Component;
import io.arrears.kernel.account.PenaltyBase;
import io.arrears.kernel.account.Terms;
import io.arrears.kernel.event.AccrualSegment;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The waterfall and the evening phase of docs/DESIGN.md §3 against a deliberately simple model: one
 * component and one day at a time, rounding with BigDecimal.
 */
class LedgerRuleProperties {

    @Provide
    Arbitrary<List<Component>> waterfalls() {
        return Arbitraries.of(Component.class).list().uniqueElements().ofSize(4);
    }

    @Property(tries = 1000)
    void aPaymentPaysTheWaterfallInOrderAndTheRestBecomesCredit(
            @ForAll @LongRange(max = 10_000_000) long principal, @ForAll @LongRange(max = 1_000_000) long interest,
            @ForAll @LongRange(max = 100_000) long fees, @ForAll @LongRange(max = 100_000) long penalty,
            @ForAll @LongRange(min = 1, max = 20_000_000) long amount, @ForAll("waterfalls") List<Component> order) {
        Balance before = new Balance(principal, interest, fees, penalty, 0);

        AllocationWaterfall.Allocated allocated = AllocationWaterfall.allocate(before, amount, order);

        long left = amount;
        Balance expected = before;
        for (Component component : order) {
            long paid = Math.min(left, expected.of(component));
            expected = expected.with(component, expected.of(component) - paid);
            left -= paid;
        }
        assertThat(allocated.balanceAfter()).isEqualTo(expected.withCredit(left));
        assertThat(allocated.allocation().totalMinor()).isEqualTo(amount);
        assertThat(allocated.allocation().creditMinor()).isEqualTo(Math.max(0, amount - before.owedMinor()));
    }

    @Property(tries = 1000)
    void eveningsAccrueWhatTheDayByDayModelAccrues(
            @ForAll @LongRange(max = 100_000_000) long principal, @ForAll @LongRange(max = 1_000_000) long interest,
            @ForAll @IntRange(max = 200) int rateBps, @ForAll @IntRange(max = 40) int graceDays,
            @ForAll("caps") Integer capBps, @ForAll boolean onInterestToo,
            @ForAll @IntRange(max = 400) int fromOffset, @ForAll @IntRange(max = 400) int spanDays) {
        LocalDate due = LocalDate.of(2028, 1, 31);
        Terms terms = new Terms(rateBps, graceDays,
                onInterestToo ? PenaltyBase.PRINCIPAL_AND_INTEREST : PenaltyBase.PRINCIPAL, capBps,
                Terms.DEFAULT_WATERFALL);
        long cap = terms.penaltyCapMinor(principal);
        Balance opening = new Balance(principal, interest, 0, 0, 0);
        LedgerFacts facts = LedgerFacts.opened(due, due, opening, terms);
        LocalDate from = due.plusDays(1 + fromOffset);
        LocalDate through = from.plusDays(spanDays);

        Recomputation ledger = LedgerTimeline.compute(facts, through);
        List<AccrualSegment> segments = ledger.segments(from, through);

        long base = onInterestToo ? principal + interest : principal;
        long modelBefore = 0;
        long modelTotal = 0;
        int modelDays = 0;
        for (LocalDate day = due.plusDays(1); !day.isAfter(through); day = day.plusDays(1)) {
            long room = cap - modelBefore - modelTotal;
            if (!day.isAfter(due.plusDays(graceDays)) || room <= 0) {
                continue;
            }
            long daily = BigDecimal.valueOf(base).multiply(BigDecimal.valueOf(rateBps))
                    .divide(BigDecimal.valueOf(10_000), 0, RoundingMode.HALF_EVEN).longValueExact();
            long amount = Math.min(daily, room);
            if (day.isBefore(from)) {
                modelBefore += amount;
            } else if (amount > 0) {
                modelTotal += amount;
                modelDays++;
            }
        }
        assertThat(ledger.accruedByLedgerMinor()).isEqualTo(modelBefore + modelTotal);
        assertThat(ledger.balance().penaltyMinor()).isEqualTo(modelBefore + modelTotal);
        assertThat(segments.stream().mapToLong(AccrualSegment::amountMinor).sum()).isEqualTo(modelTotal);
        assertThat(segments.stream().mapToInt(AccrualSegment::days).sum()).isEqualTo(modelDays);
        List<LocalDate> ends = new ArrayList<>();
        for (AccrualSegment segment : segments) {
            assertThat(segment.from()).isAfter(due.plusDays(graceDays)).isAfterOrEqualTo(from);
            assertThat(segment.to()).isBeforeOrEqualTo(through);
            assertThat(segment.amountMinor()).isLessThanOrEqualTo(segment.dailyAmountMinor() * segment.days());
            ends.add(segment.to());
        }
        assertThat(ends).isSorted();
    }

    @Provide
    Arbitrary<Integer> caps() {
        return Arbitraries.integers().between(0, 5_000).injectNull(0.3);
    }
}
