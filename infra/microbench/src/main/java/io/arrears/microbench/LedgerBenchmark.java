package io.arrears.microbench;

import io.arrears.command.account.LedgerFacts;
import io.arrears.command.account.LedgerFacts.PaymentFact;
import io.arrears.command.account.LedgerTimeline;
import io.arrears.command.account.Recomputation;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.PenaltyBase;
import io.arrears.kernel.account.Terms;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.LocalDate;
import java.util.concurrent.TimeUnit;

/**
 * What every command that changes an account's facts costs in memory before it writes anything:
 * the ledger computed from the facts ({@link LedgerTimeline#compute}), for an account in collections
 * for {@code days} days with a payment every day, and the ledger with the next day's payment gone on
 * from that computation ({@link Recomputation#then}), as a payment for today on an account posted
 * through yesterday is. The command side computes from the opening when it has no computation of the
 * account to go on from (after a load), so the first figure's growth with the account's age is what a
 * long-lived account adds to such a command, and the second's what it adds to every other payment.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LedgerBenchmark {

    static final LocalDate BALANCES_AS_OF = LocalDate.of(2024, 1, 1);

    /** The account's age; the first is the baseline the others are compared with. */
    @Param({"30", "365", "1000"})
    public int days;

    private LedgerFacts facts;
    private LocalDate through;
    private Recomputation computed;
    private LedgerFacts withNextPayment;

    @Setup
    public void account() {
        Terms terms = new Terms(5, 0, PenaltyBase.PRINCIPAL, null, Terms.DEFAULT_WATERFALL);
        facts = LedgerFacts.opened(BALANCES_AS_OF, BALANCES_AS_OF, new Balance(100_000_000, 2_000_000, 50_000, 0, 0),
                terms);
        for (int day = 1; day <= days; day++) {
            facts = facts.withPayment(new PaymentFact("PAY-" + day, 10_000, BALANCES_AS_OF.plusDays(day)));
        }
        through = BALANCES_AS_OF.plusDays(days);
        computed = LedgerTimeline.compute(facts, through);
        withNextPayment = facts.withPayment(new PaymentFact("PAY-next", 10_000, through.plusDays(1)));
    }

    @Benchmark
    public Recomputation compute() {
        return LedgerTimeline.compute(facts, through);
    }

    @Benchmark
    public Recomputation nextPayment() {
        return computed.then(withNextPayment, through);
    }
}
