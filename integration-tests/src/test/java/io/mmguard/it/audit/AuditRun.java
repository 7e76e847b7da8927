package io.mmguard.it.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmguard.ops.AuditCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * One {@code bin/mm audit} run in this JVM, as a user would type it: exit code, stdout, stderr, and how long it took.
 *
 * @param exit      the exit code (0 clean, 3 mismatches, 2 refused arguments, 1 Kafka unreachable)
 * @param out       stdout (with {@code --json}: one object)
 * @param err       stderr
 * @param elapsedMs wall time of the run, measured around the command
 */
record AuditRun(int exit, String out, String err, long elapsedMs) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static AuditRun audit(Map<String, String> environment, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = new CommandLine(new AuditCommand(environment));
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        long started = System.nanoTime();
        int exit = line.execute(args.toArray(String[]::new));
        return new AuditRun(exit, out.toString(), err.toString(), (System.nanoTime() - started) / 1_000_000);
    }

    /** The {@code --json} object on stdout. */
    JsonNode json() {
        try {
            return JSON.readTree(out);
        } catch (IOException e) {
            throw new UncheckedIOException("audit stdout is not one JSON object (exit " + exit + ", stderr: " + err + "): " + out, e);
        }
    }

    /** One line for an assertion message: exit, stderr and the start of stdout. */
    String describe() {
        return "exit " + exit + "; stderr: " + err + "; stdout: " + (out.length() > 4000 ? out.substring(0, 4000) + "..." : out);
    }
}
