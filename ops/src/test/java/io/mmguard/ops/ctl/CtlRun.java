package io.mmguard.ops.ctl;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * One run of {@code bin/mm ctl} in this JVM, with its exit code and what it printed.
 *
 * @param exit the exit code
 * @param out  stdout
 * @param err  stderr
 */
record CtlRun(int exit, String out, String err) {

    /** Runs {@code ctl <args>} with {@code environment} as the process environment. */
    static CtlRun ctl(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = new CommandLine(new CtlCommand(environment));
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int exit = line.execute(args);
        return new CtlRun(exit, out.toString(), err.toString());
    }
}
