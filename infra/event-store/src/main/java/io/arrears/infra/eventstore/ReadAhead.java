package io.arrears.infra.eventstore;

/**
 * Aggregates' streams read ahead of their loads ({@link MongoCommitEventStorageEngine#readAhead}).
 * Closing it drops what no load took.
 */
public final class ReadAhead implements AutoCloseable {

    private final Runnable drop;
    private final int aggregates;

    ReadAhead(Runnable drop, int aggregates) {
        this.drop = drop;
        this.aggregates = aggregates;
    }

    /** How many of the aggregates asked for had their streams read ahead. */
    public int aggregates() {
        return aggregates;
    }

    @Override
    public void close() {
        drop.run();
    }
}
