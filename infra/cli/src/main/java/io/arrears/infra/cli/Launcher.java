package io.arrears.infra.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.arrears.infra.ArrearsApplication;
import io.arrears.infra.bench.BenchCommand;
import io.arrears.infra.simulate.SimulateCommand;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The jar's entry point: the ledger ({@link ArrearsApplication}); with a tool's name as its first
 * argument, that tool's command line instead: {@code audit} ({@link AuditCli}), {@code simulate}
 * ({@link SimulateCommand}), {@code bench} ({@link BenchCommand}) or {@code store}
 * ({@link StoreProcess}). The tools depend on the service, never the reverse.
 */
@Command(name = "java -jar arrears.jar",
        description = {"Without a tool's name, starts the ledger (Spring Boot; --property=value arguments as usual).",
                "With one, runs that tool; 'java -jar arrears.jar help TOOL' or 'TOOL --help' shows its options and "
                        + "exit codes."},
        subcommands = HelpCommand.class)
public final class Launcher implements Callable<Integer> {

    private static final Set<String> TOOLS = Set.of("audit", "simulate", "bench", "store", "help", "-h", "--help");
    /** The tools whose standard output is their answer alone: the store's and the framework's logs stay out. */
    private static final Set<String> QUIET = Set.of("audit", "bench");

    @Spec
    private CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    private boolean help;

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !TOOLS.contains(args[0])) {
            ArrearsApplication.start(args);
            return;
        }
        if (QUIET.contains(args[0])) {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.ERROR);
        }
        // A tool ends the process when it is done: the store's threads would keep it alive.
        System.exit(tools(System.out, System.err, System.getenv()).execute(args));
    }

    /** The tools' command line, writing to {@code out} and {@code err}, reading settings from {@code environment}. */
    public static CommandLine tools(PrintStream out, PrintStream err, Map<String, String> environment) {
        return new CommandLine(new Launcher())
                .addSubcommand(new AuditCli(out, err, environment))
                .addSubcommand(new SimulateCommand(out, err))
                .addSubcommand(new BenchCommand(out, err))
                .addSubcommand(new StoreProcess(out))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    }

    /** No tool named: the list of tools, as a usage mistake. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
