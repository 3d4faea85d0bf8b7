package io.arrears.command.api;

/** Finds the global position the event store gave an aggregate's event; the store implements it. */
public interface EventPositions {

    long positionOf(String aggregateId, long sequence);
}
