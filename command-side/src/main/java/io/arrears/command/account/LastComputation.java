package io.arrears.command.account;


import java.lang.ref.SoftReference;
import java.time.LocalDate;

/**
 * The last computation of an account's ledger, for the next one to go on from
 * ({@link Recomputation#then}). A cache, not state: every answer is what a computation from the
 * opening gives, so it is never stored, and an account loaded from its events or a snapshot starts
 * without one and computes its ledger from the opening once. It holds two numbers for every posted
 * evening of the account's life, for each account the ledger keeps loaded, so it is held softly: the
 * collector takes it back before the heap runs short, and the next command computes from the opening.
 */
final class LastComputation {

    private SoftReference<Recomputation> last = new SoftReference<>(null);

    /** The ledger of {@code facts} through {@code accruedThrough}'s evening, remembered for the next. */
    Recomputation of(LedgerFacts facts, LocalDate accruedThrough) {
        Recomputation earlier = last.get();
        Recomputation computed = earlier == null ? LedgerTimeline.compute(facts, accruedThrough)
                : earlier.then(facts, accruedThrough);
        last = new SoftReference<>(computed);
        return computed;
    }
}
