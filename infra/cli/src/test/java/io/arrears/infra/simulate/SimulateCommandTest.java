package io.arrears.infra.simulate;

import com.mongodb.client.MongoDatabase;
import io.arrears.command.account.LedgerClock;
import io.arrears.infra.ArrearsApplication;
import io.arrears.infra.cli.Launcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator as a new user runs it: on an H2 data directory, then the service started on that
 * directory answers the reports the simulator printed, and every account's standing agrees wherever
 * it is read; the same seed elsewhere prints the same.
 */
class SimulateCommandTest {

    private static final String UNTIL = "2026-06-30";

    private record Run(int exitCode, String out, String err) {

        /** The printed report without its first line, which tells how long the run took. */
        String report() {
            return out.substring(out.indexOf('\n') + 1);
        }

        /** The table printed under the heading that names {@code endpoint}, as rows of cells. */
        List<List<String>> table(String endpoint) {
            String[] lines = out.split("\n");
            List<String> table = new ArrayList<>();
            boolean in = false;
            for (String line : lines) {
                if (line.contains("(GET " + endpoint + ")")) {
                    in = true;
                } else if (in && line.isBlank()) {
                    break;
                } else if (in) {
                    table.add(line);
                }
            }
            return table.stream().map(line -> List.of(line.trim().split("\\s+"))).toList();
        }
    }

    private static Run simulate(String... args) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> line = new ArrayList<>(List.of("simulate"));
        line.addAll(List.of(args));
        int exit = Launcher.tools(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), System.getenv()).execute(line.toArray(String[]::new));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badArgumentsAreRefusedBeforeAnythingStarts() throws InterruptedException {
        for (List<String> args : List.of(List.of("--accounts", "10", "--days", "5"),
                List.of("--accounts", "0", "--days", "5", "--seed", "1"),
                List.of("--accounts", "10", "--days", "five", "--seed", "1"),
                List.of("--accounts", "10", "--days", "5", "--seed", "-1"),
                List.of("--accounts", "10", "--days", "5", "--seed", "1", "--until", "June"),
                List.of("--accounts", "10", "--days", "5", "--seed", "1", "--colour", "red"),
                List.of("--accounts"))) {
            Run run = simulate(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(args.toString()).isEqualTo(2);
            assertThat(run.err()).as(args.toString()).contains("Usage: java -jar arrears.jar simulate");
            assertThat(run.out()).isEmpty();
        }
        assertThat(simulate("--accounts", "0", "--days", "5", "--seed", "1").err())
                .startsWith("--accounts must be a whole number from 1 to 100000");
        assertThat(simulate("--accounts", "10", "--days", "5", "--seed", "1", "--colour", "red").err())
                .startsWith("unknown argument: --colour");
        Run help = simulate("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: java -jar arrears.jar simulate").contains("Exit codes:");
    }

    @Test
    void aSeedReplaysExactlyAndTheServiceOnTheSameDataAnswersThePrintedReports(@TempDir Path first,
                                                                             @TempDir Path second)
            throws Exception {
        String[] args = {"--accounts", "40", "--days", "75", "--seed", "7", "--until", UNTIL};
        Run run = simulate(with(args, "--arrears.store.data-dir=" + first));
        Run again = simulate(with(args, "--arrears.store.data-dir=" + second));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Simulated 40 accounts over 75 days (2026-04-17 to 2026-06-30), seed 7: ");
        assertThat(run.report()).isEqualTo(again.report());
        assertThat(run.table("/api/v1/reports/aging?asOf=" + UNTIL)).hasSizeGreaterThan(3);
        assertThat(run.err()).contains("] day 75/75");

        Run repeat = simulate(with(args, "--arrears.store.data-dir=" + first));
        assertThat(repeat.exitCode()).isEqualTo(2);
        assertThat(repeat.err()).contains("seed 7 is already simulated into this store");

        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(ArrearsApplication.class)
                .run("--server.port=0", "--arrears.store.data-dir=" + first, "--arrears.accrual.schedule-enabled=false",
                        "--axoniq.update-checker.disabled=true")) {
            int port = ((WebServerApplicationContext) service).getWebServer().getPort();
            for (String endpoint : List.of("/api/v1/reports/aging?asOf=" + UNTIL,
                    "/api/v1/reports/roll-rates?asOf=" + UNTIL + "&months=3",
                    "/api/v1/reports/performance?from=2026-06-01&to=" + UNTIL,
                    "/api/v1/reports/contacts?from=2026-06-01&to=" + UNTIL)) {
                String csv = get(port, endpoint + "&format=csv");
                assertThat(TextTable.parse(csv)).as(endpoint).isEqualTo(run.table(endpoint));
            }
            int compared = new StandingAgreement(port).check(service.getBean(MongoDatabase.class),
                    service.getBean(LedgerClock.class).zone(), new Random(7), 4);
            assertThat(compared).isEqualTo(40);
        }
    }

    private static String[] with(String[] args, String more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(more);
        return all.toArray(String[]::new);
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + path)).header("X-Api-Key", "dev-auditor-key").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }
}
