package io.arrears.infra.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.arrears.infra.ArrearsApplication;
import io.arrears.infra.bench.BenchCommand;
import io.arrears.infra.simulate.SimulateCommand;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The jar's entry point: the ledger ({@link ArrearsApplication}); with {@code audit ...} as its
 * arguments, the auditor's command line instead ({@link AuditCli}); with {@code simulate ...}, a
 * simulated portfolio driven through the ledger ({@link SimulateCommand}); {@code bench ...} and
 * {@code store ...}. The tools depend on the service, never the reverse.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = args.length == 0 ? List.of() : List.of(args).subList(1, args.length);
        String tool = args.length == 0 ? "" : args[0];
        switch (tool) {
            case "audit" -> {
                // The auditor's commands need the store, not the service: no Spring, no processors, and
                // standard output for the answer alone.
                quiet();
                System.exit(new AuditCli(System.out, System.err, System.getenv()).run(rest));
            }
            case "simulate" -> {
                int exitCode = 1;
                try {
                    exitCode = new SimulateCommand(System.out, System.err).run(rest);
                } catch (RuntimeException e) {
                    // A failed simulation still ends the process: the store's threads would keep it alive.
                    e.printStackTrace();
                }
                System.exit(exitCode);
            }
            case "bench" -> {
                quiet();
                System.exit(BenchCommand.run(rest, System.out, System.err));
            }
            case "store" -> System.exit(StoreProcess.run(rest, System.out));
            default -> ArrearsApplication.start(args);
        }
    }

    private static void quiet() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.ERROR);
    }
}
