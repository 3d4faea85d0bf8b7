package io.arrears.command.account;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The ledger's calendar: "today" is a date in the ledger's time zone. Handlers get it injected, so
 * tests fix it and the rules themselves never read a clock.
 */
public final class LedgerClock {

    private final Clock clock;
    private final ZoneId zone;

    public LedgerClock(Clock clock, ZoneId zone) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    public static LedgerClock fixed(LocalDate today, ZoneId zone) {
        return new LedgerClock(Clock.fixed(today.atTime(12, 0).atZone(zone).toInstant(), zone), zone);
    }

    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    public ZoneId zone() {
        return zone;
    }

    public Instant now() {
        return clock.instant();
    }
}
