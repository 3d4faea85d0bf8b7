package io.arrears.query.api;

import io.arrears.kernel.rejection.InvalidRequest;
import io.arrears.kernel.rejection.InvalidRequest.FieldProblem;
import io.arrears.query.report.PortfolioReports;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Portfolio reports (SUPERVISOR, AUDITOR), as of a value date or for a period of value dates, in
 * JSON or, with {@code format=csv}, as a CSV table. Dates default to the ledger's today; a period
 * defaults to the month so far.
 */
@RestController
@RequestMapping("/api/v1/reports")
@Tag(name = "reports", description = "Portfolio aging, roll rates, performance and contact compliance")
public class ReportController {

    static final int MONTHS_MAX = 36;
    static final int PERIOD_DAYS_MAX = 3_660;
    static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

    private final PortfolioReports reports;
    private final Supplier<LocalDate> today;

    public ReportController(PortfolioReports reports, Supplier<LocalDate> today) {
        this.reports = reports;
        this.today = today;
    }

    @GetMapping("/aging")
    @PreAuthorize("hasAnyRole('AUDITOR', 'SUPERVISOR')")
    @Operation(summary = "Accounts and amounts owed by currency, stage and DPD bucket at the end of asOf")
    public ResponseEntity<?> aging(@RequestParam(required = false) String asOf,
                                   @RequestParam(defaultValue = "json") String format) {
        PortfolioReports.Aging aging = reports.aging(date("asOf", asOf, today.get()));
        return answer(format, aging, PortfolioReports.Aging::csv);
    }

    @GetMapping("/roll-rates")
    @PreAuthorize("hasAnyRole('AUDITOR', 'SUPERVISOR')")
    @Operation(summary = "Month-end to month-end moves between DPD buckets, paid and written off, "
            + "for the months up to the one holding asOf")
    public ResponseEntity<?> rollRates(@RequestParam(required = false) String asOf,
                                       @RequestParam(defaultValue = "3") String months,
                                       @RequestParam(defaultValue = "json") String format) {
        int count = months("months", months);
        PortfolioReports.RollRates rollRates = reports.rollRates(date("asOf", asOf, today.get()), count);
        return answer(format, rollRates, PortfolioReports.RollRates::csv);
    }

    @GetMapping("/performance")
    @PreAuthorize("hasAnyRole('AUDITOR', 'SUPERVISOR')")
    @Operation(summary = "Cure rate, promise-to-pay kept rate, recovery rate and collections by channel "
            + "over value dates from..to")
    public ResponseEntity<?> performance(@RequestParam(required = false) String from,
                                         @RequestParam(required = false) String to,
                                         @RequestParam(defaultValue = "json") String format) {
        LocalDate end = date("to", to, today.get());
        LocalDate start = period(from, end);
        return answer(format, reports.performance(start, end), PortfolioReports.Performance::csv);
    }

    @GetMapping("/contacts")
    @PreAuthorize("hasAnyRole('AUDITOR', 'SUPERVISOR')")
    @Operation(summary = "Contacts per account and channel, right-party contact rate and policy breaches "
            + "by rule and agent over from..to")
    public ResponseEntity<?> contacts(@RequestParam(required = false) String from,
                                      @RequestParam(required = false) String to,
                                      @RequestParam(defaultValue = "json") String format) {
        LocalDate end = date("to", to, today.get());
        LocalDate start = period(from, end);
        return answer(format, reports.contacts(start, end), PortfolioReports.Contacts::csv);
    }

    private static <T> ResponseEntity<?> answer(String format, T report, Function<T, String> csv) {
        return switch (format) {
            case "json" -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
            case "csv" -> ResponseEntity.ok().contentType(CSV).body(csv.apply(report));
            default -> throw new InvalidRequest(List.of(new FieldProblem("format", "must be json or csv")));
        };
    }

    private static LocalDate period(String from, LocalDate end) {
        LocalDate start = date("from", from, end.withDayOfMonth(1));
        if (start.isAfter(end)) {
            throw new InvalidRequest(List.of(new FieldProblem("from", "must not be after to (" + end + ")")));
        }
        if (start.plusDays(PERIOD_DAYS_MAX).isBefore(end)) {
            throw new InvalidRequest(List.of(new FieldProblem("from", "a period spans at most " + PERIOD_DAYS_MAX
                    + " days")));
        }
        return start;
    }

    private static LocalDate date(String field, String text, LocalDate otherwise) {
        if (text == null) {
            return otherwise;
        }
        try {
            LocalDate date = LocalDate.parse(text);
            if (date.getYear() < 1900 || date.getYear() > 9999) {
                throw new InvalidRequest(List.of(new FieldProblem(field, "must be a date between 1900 and 9999")));
            }
            return date;
        } catch (DateTimeParseException e) {
            throw new InvalidRequest(List.of(new FieldProblem(field, "must be a date such as 2026-03-31")));
        }
    }

    private static int months(String field, String text) {
        try {
            int months = Integer.parseInt(text);
            if (months >= 1 && months <= MONTHS_MAX) {
                return months;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidRequest(List.of(new FieldProblem(field, "must be a whole number from 1 to " + MONTHS_MAX)));
    }
}
