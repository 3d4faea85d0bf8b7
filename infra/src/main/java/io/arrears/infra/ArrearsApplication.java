package io.arrears.infra;

import io.arrears.infra.audit.AuditCli;
import io.arrears.infra.bench.BenchCommand;
import io.arrears.infra.simulate.SimulateCommand;
import io.arrears.infra.store.StoreProcess;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The ledger: HTTP API, event store, projections, all in one process; with {@code audit ...} as its
 * arguments, the auditor's command line instead ({@link AuditCli}); with {@code simulate ...}, a simulated
 * portfolio driven through the ledger ({@link SimulateCommand}).
 */
@SpringBootApplication
public class ArrearsApplication {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("audit")) {
            // The auditor's commands need the store, not the service: no Spring, no processors, and
            // standard output for the answer alone.
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .setLevel(ch.qos.logback.classic.Level.ERROR);
            System.exit(new AuditCli(System.out, System.err, System.getenv())
                    .run(java.util.List.of(args).subList(1, args.length)));
        }
        if (args.length > 0 && args[0].equals("simulate")) {
            int exitCode = 1;
            try {
                exitCode = new SimulateCommand(System.out, System.err).run(java.util.List.of(args).subList(1, args.length));
            } catch (RuntimeException e) {
                // A failed simulation still ends the process: the store's threads would keep it alive.
                e.printStackTrace();
            }
            System.exit(exitCode);
        }
        if (args.length > 0 && args[0].equals("bench")) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .setLevel(ch.qos.logback.classic.Level.ERROR);
            System.exit(BenchCommand.run(java.util.List.of(args).subList(1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("store")) {
            System.exit(StoreProcess.run(java.util.List.of(args).subList(1, args.length), System.out));
        }
        // Axon's update checker would call out to the internet and write to the home directory.
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(ArrearsApplication.class, args);
    }
}
