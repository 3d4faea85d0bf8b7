package io.arrears.command.account;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** A clock a test moves forward day by day, for rules that compare dates with today. */
final class MovableClock extends Clock {

    private final ZoneId zone;
    private volatile Instant now;

    MovableClock(LocalDate today, ZoneId zone) {
        this.zone = zone;
        this.now = today.atTime(12, 0).atZone(zone).toInstant();
    }

    void today(LocalDate date) {
        now = date.atTime(12, 0).atZone(zone).toInstant();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a movable clock keeps its zone");
    }

    @Override
    public Instant instant() {
        return now;
    }
}
