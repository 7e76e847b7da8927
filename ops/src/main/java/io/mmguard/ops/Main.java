package io.mmguard.ops;

import io.mmguard.ops.bench.BenchCommand;
import io.mmguard.ops.ctl.CtlCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/mm}: the operator's command line (DESIGN.md section 9). */
@Command(name = "mm", mixinStandardHelpOptions = true, version = "mm 0.1.0",
        description = "mmguard: a safety layer for market-making bots on Kafka Streams.",
        subcommands = {DemoCommand.class, SmokeCommand.class, CtlCommand.class, AuditCommand.class, TopicsCommand.class,
                BenchCommand.class, RunCommand.class, ClusterCommand.class})
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((error, line, parsed) -> {
            line.getErr().println((line.getParent() == null ? "mm" : "mm " + line.getCommandName()) + ": " + error.getMessage());
            return 2;
        });
        commandLine.setParameterExceptionHandler((error, arguments) -> {
            CommandLine line = error.getCommandLine();
            line.getErr().println((line.getParent() == null ? "mm" : "mm " + line.getCommandName()) + ": " + error.getMessage()
                    + " (see: bin/mm " + (line.getParent() == null ? "" : line.getCommandName() + " ") + "--help)");
            return 2;
        });
        return commandLine.execute(args);
    }
}
