package io.arrears.infra.accrual;

import io.arrears.command.account.LedgerClock;
import io.arrears.kernel.rejection.InvalidRequest.FieldProblem;
import io.arrears.kernel.rejection.InvalidRequest;
import io.arrears.query.account.AccountViews;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Starts and follows the portfolio accrual run of a date; the nightly schedule uses the same path.
 * Each run is a pass over every open account, so a run is accepted only for a date some account has
 * (from the earliest opening balances on) whose evening is over (yesterday at the latest).
 */
@RestController
@RequestMapping("/api/v1/accrual-runs")
@Tag(name = "accrual runs", description = "Penalty accrual over every open account for a date")
public class AccrualRunController {

    /**
     * A date before the earliest opening known makes the store be asked again at most this often:
     * the earliest opening only moves back when an account with older balances is opened.
     */
    static final Duration EARLIEST_RECHECK = Duration.ofSeconds(10);

    private final PortfolioAccrual portfolioAccrual;
    private final LedgerClock clock;
    private final AccountViews accountViews;
    private volatile Earliest earliest = new Earliest(Optional.empty(), Instant.MIN);

    private record Earliest(Optional<LocalDate> balancesAsOf, Instant checkedAt) {
    }

    public AccrualRunController(PortfolioAccrual portfolioAccrual, LedgerClock clock, AccountViews accountViews) {
        this.portfolioAccrual = portfolioAccrual;
        this.clock = clock;
        this.accountViews = accountViews;
    }

    public record RunRequest(String asOf) {
    }

    @PreAuthorize("hasAnyRole('SERVICE', 'SUPERVISOR')")
    @PostMapping
    @Operation(summary = "Accrue every open account as of a date (SERVICE or SUPERVISOR): 202 when this call "
            + "started the run, 200 with the run's state when it was started before; idempotent per date")
    public ResponseEntity<AccrualRun> start(@RequestBody RunRequest body) {
        LocalDate asOf = date(body.asOf());
        LocalDate yesterday = clock.today().minusDays(1);
        if (asOf.isAfter(yesterday)) {
            throw invalid("may not be after yesterday, " + yesterday + " in the ledger's calendar: a run accrues "
                    + "evenings that are over");
        }
        LocalDate first = earliestBalancesAsOf(asOf)
                .orElseThrow(() -> invalid("names no date any account has: no account is open yet"));
        if (asOf.isBefore(first)) {
            throw invalid("may not be before " + first + ", the earliest date any account's balances start at");
        }
        PortfolioAccrual.Start start = portfolioAccrual.start(asOf, "http");
        return ResponseEntity.status(start.started() ? HttpStatus.ACCEPTED : HttpStatus.OK).body(start.run());
    }

    @PreAuthorize("hasAnyRole('SERVICE', 'SUPERVISOR', 'AUDITOR')")
    @GetMapping("/{asOf}")
    @Operation(summary = "The state of a date's accrual run: RUNNING or DONE, with its counts")
    public ResponseEntity<AccrualRun> find(@PathVariable String asOf) {
        return portfolioAccrual.find(date(asOf)).map(ResponseEntity::ok)
                .orElse(ResponseEntity.notFound().build());
    }

    /** The earliest opening balances known, looked up again when a date before them is asked for. */
    private Optional<LocalDate> earliestBalancesAsOf(LocalDate asOf) {
        Earliest known = earliest;
        boolean covers = known.balancesAsOf().map(date -> !asOf.isBefore(date)).orElse(false);
        if (!covers && known.checkedAt().isBefore(clock.now().minus(EARLIEST_RECHECK))) {
            known = new Earliest(accountViews.earliestBalancesAsOf(), clock.now());
            earliest = known;
        }
        return known.balancesAsOf();
    }

    private LocalDate date(String text) {
        if (text == null) {
            throw invalid("is required");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid("must be a date YYYY-MM-DD");
        }
        if (date.isAfter(clock.today())) {
            throw invalid("may not be after today, " + clock.today() + " in the ledger's calendar");
        }
        return date;
    }

    private static InvalidRequest invalid(String message) {
        return new InvalidRequest(List.of(new FieldProblem("asOf", message)));
    }
}
