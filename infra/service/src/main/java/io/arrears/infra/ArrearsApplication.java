package io.arrears.infra;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The ledger: HTTP API, event store, projections, all in one process. The jar starts it through
 * {@code io.arrears.infra.cli.Launcher}, which also runs the tools.
 */
@SpringBootApplication
public class ArrearsApplication {

    public static void main(String[] args) {
        start(args);
    }

    /** Starts the ledger service. */
    public static void start(String[] args) {
        // Axon's update checker would call out to the internet and write to the home directory.
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(ArrearsApplication.class, args);
    }
}
