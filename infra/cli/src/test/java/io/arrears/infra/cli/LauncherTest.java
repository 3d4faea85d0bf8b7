package io.arrears.infra.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The tools' command lines refuse bad arguments with exit code 2 before any work starts, and say why. */
class LauncherTest {

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Launcher.tools(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()).execute(args);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theHelpNamesEveryToolAndEachToolItsExitCodes() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("audit", "simulate", "bench", "store");
        for (String tool : new String[] {"audit", "simulate", "bench", "store"}) {
            assertThat(run("help", tool)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).as(tool)
                    .startsWith("Usage: java -jar arrears.jar " + tool).contains("Exit codes:");
        }
    }

    @Test
    void badBenchAndStoreArgumentsExitTwoWithTheReason() {
        assertThat(run("bench", "--rounds", "0")).isEqualTo(2);
        assertThat(errors()).startsWith("--rounds must be from 1 to 20").contains("Usage: java -jar arrears.jar bench");
        assertThat(run("bench", "--backend", "disk")).isEqualTo(2);
        assertThat(errors()).contains("--backend");
        assertThat(run("bench", "e2e", "--threads", "999")).isEqualTo(2);
        assertThat(errors()).startsWith("--threads must be from 1 to 256")
                .contains("Usage: java -jar arrears.jar bench e2e");
        assertThat(run("bench", "e2e", "--warm-up", "-1")).isEqualTo(2);
        assertThat(errors()).startsWith("--warm-up must be from 0 to 900");
        assertThat(run("bench", "index", "--commits", "10")).isEqualTo(2);
        assertThat(errors()).contains("Usage: java -jar arrears.jar bench index");
        assertThat(run("store", "--memory", "--data-dir", "x")).isEqualTo(2);
        assertThat(errors()).contains("mutually exclusive");
        assertThat(run("store", "--port", "twelve")).isEqualTo(2);
        assertThat(run()).isEqualTo(2);
    }
}
