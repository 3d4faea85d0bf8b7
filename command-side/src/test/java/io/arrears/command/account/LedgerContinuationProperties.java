package io.arrears.command.account;

import io.arrears.command.account.LedgerFacts.PaymentFact;
import io.arrears.command.account.LedgerFacts.WaiverFact;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Component;
import io.arrears.kernel.account.PenaltyBase;
import io.arrears.kernel.account.Terms;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A computation of the ledger that goes on from an earlier one ({@link Recomputation#then}) is the
 * computation from the opening, in everything the ledger's events are made of: for random chains of
 * changes, most of them at the last date walked (where it goes on) and some anywhere (where it must
 * start again).
 */
class LedgerContinuationProperties {

    private static final LocalDate DUE = LocalDate.of(2028, 1, 31);
    private static final int HORIZON_DAYS = 200;

    enum Kind { PAY, WAIVE, ACCRUE, RAISE_DISPUTE, RESOLVE_DISPUTE, WRITE_OFF }

    /**
     * @param where   0: the day after the last evening or later, 1: the latest fact's date, 2: any date
     * @param through 0: the same evenings, 1: through the day before the fact, 2: some evenings more
     * @param refused whether the change is refused after it was computed, as a waiver beyond what is owed is,
     *                so that the next computation goes on from one of facts the account never had
     */
    record Step(Kind kind, int where, int through, int days, long amountMinor, Component component,
                boolean refused) {
    }

    @Provide
    Arbitrary<Terms> terms() {
        return Combinators.combine(Arbitraries.integers().between(0, 150), Arbitraries.integers().between(0, 10),
                Arbitraries.of(PenaltyBase.class), Arbitraries.integers().between(0, 3_000).injectNull(0.4),
                Arbitraries.of(Component.class).list().uniqueElements().ofSize(4)).as(Terms::new);
    }

    @Provide
    Arbitrary<Balance> openings() {
        return Combinators.combine(Arbitraries.longs().between(1, 5_000_000), Arbitraries.longs().between(0, 200_000),
                Arbitraries.longs().between(0, 50_000), Arbitraries.longs().between(0, 20_000))
                .as((principal, interest, fees, penalty) -> new Balance(principal, interest, fees, penalty, 0));
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(Tuple.of(10, Kind.PAY), Tuple.of(3, Kind.WAIVE),
                Tuple.of(4, Kind.ACCRUE), Tuple.of(1, Kind.RAISE_DISPUTE), Tuple.of(1, Kind.RESOLVE_DISPUTE),
                Tuple.of(1, Kind.WRITE_OFF));
        Arbitrary<Integer> where = Arbitraries.frequency(Tuple.of(5, 0), Tuple.of(3, 1), Tuple.of(2, 2));
        Arbitrary<Long> amounts = Arbitraries.oneOf(Arbitraries.longs().between(1, 100),
                Arbitraries.longs().between(1, 300_000), Arbitraries.longs().between(1, 6_000_000));
        return Combinators.combine(kinds, where, Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 40), amounts,
                        Arbitraries.of(Component.PENALTY, Component.FEES, Component.INTEREST),
                        Arbitraries.frequency(Tuple.of(1, true), Tuple.of(6, false)))
                .as(Step::new).list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 1000)
    void aComputationThatGoesOnFromAnEarlierOneIsTheComputationFromTheOpening(
            @ForAll("openings") Balance opening, @ForAll("terms") Terms terms,
            @ForAll("steps") List<Step> steps) {
        LocalDate asOf = DUE.plusDays(steps.size() % 15);
        LedgerFacts facts = LedgerFacts.opened(DUE, asOf, opening, terms);
        LocalDate through = asOf;
        Recomputation computed = LedgerTimeline.compute(facts, through);
        LedgerFacts computedFacts = facts;
        LocalDate computedThrough = through;
        int counter = 0;
        for (Step step : steps) {
            LedgerFacts.DisputeFact openDispute = facts.disputes().stream().filter(d -> d.resolvedOn() == null)
                    .findFirst().orElse(null);
            LocalDate date = switch (step.where()) {
                case 0 -> through.plusDays(1 + step.days() % 3);
                case 1 -> facts.latestFactDate().isAfter(asOf) ? facts.latestFactDate() : asOf.plusDays(1);
                default -> asOf.plusDays(1 + step.days() % HORIZON_DAYS);
            };
            LocalDate nextThrough = switch (step.through()) {
                case 0 -> through;
                case 1 -> date.minusDays(1).isAfter(through) ? date.minusDays(1) : through;
                default -> through.plusDays(step.days() % 5);
            };
            LedgerFacts next = switch (step.kind()) {
                case PAY -> facts.withPayment(new PaymentFact("PAY-" + counter++, step.amountMinor(), date));
                case WAIVE -> facts.withWaiver(new WaiverFact("W-" + counter++, step.component(),
                        1 + step.amountMinor() % 30_000, date));
                case ACCRUE -> {
                    nextThrough = through.plusDays(1 + step.days());
                    yield facts;
                }
                case RAISE_DISPUTE -> openDispute != null ? facts : facts.withDisputeRaised("D-" + counter++, date);
                case RESOLVE_DISPUTE -> openDispute == null ? facts : facts.withDisputeResolved(
                        openDispute.disputeId(), date.isBefore(openDispute.raisedOn()) ? openDispute.raisedOn() : date);
                case WRITE_OFF -> facts.writtenOffOn() == null ? facts.writtenOff(date) : facts;
            };
            Statistics.label("goes on").collect(computed.goesOnTo(next, nextThrough));

            Recomputation goneOn = computed.then(next, nextThrough);

            assertSameLedger(goneOn, LedgerTimeline.compute(next, nextThrough), asOf, step);
            // The ledger posts the difference between the two, so going on leaves the earlier one as it was.
            assertSameLedger(computed, LedgerTimeline.compute(computedFacts, computedThrough), asOf, step);
            computed = goneOn;
            computedFacts = next;
            computedThrough = nextThrough;
            if (!step.refused()) {
                facts = next;
                through = nextThrough;
            }
        }
        Statistics.label("goes on").coverage(checker -> checker.check(true).percentage(p -> p > 30));
    }

    private static void assertSameLedger(Recomputation actual, Recomputation expected, LocalDate asOf,
                                         Step step) {
        assertThat(actual.balance()).as("balance after %s", step).isEqualTo(expected.balance());
        assertThat(actual.accruedThrough()).isEqualTo(expected.accruedThrough());
        assertThat(actual.accruedByLedgerMinor()).as("accrued after %s", step)
                .isEqualTo(expected.accruedByLedgerMinor());
        assertThat(entries(actual.allocations())).as("allocations after %s", step)
                .isEqualTo(entries(expected.allocations()));
        assertThat(entries(actual.waivedMinor())).as("waivers after %s", step)
                .isEqualTo(entries(expected.waivedMinor()));
        assertThat(actual.settledOn()).as("settled after %s", step).isEqualTo(expected.settledOn());
        assertThat(actual.balanceWrittenOff()).isEqualTo(expected.balanceWrittenOff());
        assertThat(actual.segments(asOf.plusDays(1), expected.accruedThrough()))
                .isEqualTo(expected.segments(asOf.plusDays(1), expected.accruedThrough()));
        assertThat(actual.correctionsOf(expected)).as("evenings after %s", step).isEmpty();
    }

    /** A map's entries in its order, which is the order of the events that correct them. */
    private static <V> List<Map.Entry<String, V>> entries(Map<String, V> map) {
        return new ArrayList<>(map.entrySet());
    }
}
