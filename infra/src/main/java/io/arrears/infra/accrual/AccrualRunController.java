package io.arrears.infra.accrual;

import io.arrears.command.account.LedgerClock;
import io.arrears.kernel.rejection.InvalidRequest;
import io.arrears.kernel.rejection.InvalidRequest.FieldProblem;
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

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Starts and follows the portfolio accrual run of a date; the nightly schedule uses the same path. */
@RestController
@RequestMapping("/api/v1/accrual-runs")
@Tag(name = "accrual runs", description = "Penalty accrual over every open account for a date")
public class AccrualRunController {

    private final PortfolioAccrual portfolioAccrual;
    private final LedgerClock clock;

    public AccrualRunController(PortfolioAccrual portfolioAccrual, LedgerClock clock) {
        this.portfolioAccrual = portfolioAccrual;
        this.clock = clock;
    }

    public record RunRequest(String asOf) {
    }

    @PreAuthorize("hasAnyRole('SERVICE', 'SUPERVISOR')")
    @PostMapping
    @Operation(summary = "Accrue every open account as of a date (SERVICE or SUPERVISOR): 202 when this call "
            + "started the run, 200 with the run's state when it was started before; idempotent per date")
    public ResponseEntity<AccrualRun> start(@RequestBody RunRequest body) {
        LocalDate asOf = date(body.asOf());
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
