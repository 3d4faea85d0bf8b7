package io.arrears.infra.eventstore;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The newest event this engine appended or read of each of the aggregates it saw last (at most
 * {@value #TIPS_MAX}): its sequence, hash and global position. An append chains to the hash
 * without reading the event before it, and a command answers with its event's position without
 * reading the index. A position or hash never changes once stored, so another node's later
 * appends make a tip old, never wrong.
 */
final class ChainTips {

    /**
     * Five times the ledger's aggregate cache (10,000 accounts). An account the aggregate cache keeps
     * needs no load, so its next append finds its previous hash here or reads two documents for it;
     * and each cache chooses what it keeps on its own. With as many tips as aggregates, an accrual
     * run over 12,000 accounts read the previous hash for about half of them. A tip takes a few
     * hundred bytes.
     */
    static final int TIPS_MAX = 50_000;

    private record Tip(long sequence, String hash, long position) {
    }

    private final Cache<String, Tip> tips = Caffeine.newBuilder().maximumSize(TIPS_MAX).build();

    /** Remembers an aggregate's event unless a later one of it is already known. */
    void remember(String aggregateId, long sequence, String hash, long position) {
        tips.asMap().merge(aggregateId, new Tip(sequence, hash, position),
                (known, fresh) -> known.sequence() < fresh.sequence() ? fresh : known);
    }

    /** The hash of the aggregate's event {@code sequence} if it is the tip; else empty. */
    Optional<String> hash(String aggregateId, long sequence) {
        Tip tip = tips.getIfPresent(aggregateId);
        return tip != null && tip.sequence() == sequence ? Optional.of(tip.hash()) : Optional.empty();
    }

    /** The position of the aggregate's event {@code sequence} if it is the tip; else empty. */
    OptionalLong position(String aggregateId, long sequence) {
        Tip tip = tips.getIfPresent(aggregateId);
        return tip != null && tip.sequence() == sequence ? OptionalLong.of(tip.position()) : OptionalLong.empty();
    }
}
