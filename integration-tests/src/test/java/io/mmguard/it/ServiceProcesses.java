package io.mmguard.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Services as {@code bin/mm run} processes, started the way a user starts them (the launcher's main in its own JVM,
 * this test JVM's classpath), each start logging to its own files under {@code work}. Kills are real signals:
 * {@link #kill} is SIGKILL, {@link #stopAll} SIGTERM. {@link #close} kills what is left and copies every log to
 * {@code target/process-logs/<owner>} ({@code *.out}, {@code *.err}, and a test's own {@code *.log} in {@code work}, e.g.
 * its cluster's) so a failed run can be read after its temp dir is gone.
 */
final class ServiceProcesses implements AutoCloseable {

    private static final Pattern METRICS = Pattern.compile("(\\S+) metrics (http://\\S+)/metrics");

    private final Path work;
    private final String owner;
    private final String bootstrap;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    /** Instance name -> the service it runs (the same unless started with {@link #startInstance}). */
    private final Map<String, String> services = new HashMap<>();
    private final Map<String, Integer> starts = new HashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();

    ServiceProcesses(Path work, String owner, String bootstrap) {
        this.work = work;
        this.owner = owner;
        this.bootstrap = bootstrap;
    }

    /** Starts {@code service} ({@code bin/mm run <service> --bootstrap ...}) with {@code extra} arguments. */
    void start(String service, List<String> extra) throws IOException {
        startInstance(service, service, extra);
    }

    /**
     * Starts one more instance of {@code service} under the name {@code instance} (its own state dir and log files; the
     * same application id, so instances share the service's partitions). Every other method takes the instance name.
     */
    void startInstance(String instance, String service, List<String> extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=java.lang,java.math,java.util,io.mmguard",
                "-Dlogback.configurationFile=" + System.getProperty("mm.it.logback", "logback.xml"), "-cp",
                System.getProperty("java.class.path"), "io.mmguard.ops.Main", "run", service, "--bootstrap", bootstrap));
        if (!service.equals("feed") && !service.equals("paper-exchange")) {
            command.addAll(List.of("--set", "metrics.port=0", "--set", "state.dir=" + work.resolve("state-" + instance)));
        }
        command.addAll(extra);
        services.put(instance, service);
        starts.merge(instance, 1, Integer::sum);
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out(instance).toFile()).redirectError(err(instance).toFile());
        builder.environment().remove("MM_CONTROL_KEY");
        processes.put(instance, builder.start());
    }

    /** Waits for the latest start's "metrics" line on stdout, then for its {@code /health} to answer 200 ready. */
    void awaitHealthy(String service, Duration timeout) throws InterruptedException {
        String[] base = new String[1];
        Eventually.await(timeout, service + " to print its metrics address", () -> errors(service), () -> {
            for (String line : read(out(service))) {
                Matcher matcher = METRICS.matcher(line);
                if (matcher.find() && matcher.group(1).equals(services.get(service))) {
                    base[0] = matcher.group(2);
                }
            }
            if (!process(service).isAlive()) {
                throw new AssertionError(service + " exited with " + process(service).exitValue() + " while starting; "
                        + errors(service));
            }
            return base[0] != null;
        });
        Eventually.await(timeout, service + " /health 200 ready", () -> errors(service), () -> ready(base[0]));
    }

    /** SIGKILL; returns the exit code (137). */
    int kill(String service) throws InterruptedException {
        Process process = process(service);
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(service + " still alive 30 s after SIGKILL");
        }
        return process.exitValue();
    }

    /** SIGTERM to every process, in start order; returns each one's exit code (null: still running after 60 s). */
    Map<String, Integer> stopAll() throws InterruptedException {
        Map<String, Integer> exits = new LinkedHashMap<>();
        for (Map.Entry<String, Process> entry : processes.entrySet()) {
            Process process = entry.getValue();
            process.destroy();
            exits.put(entry.getKey(), process.waitFor(60, TimeUnit.SECONDS) ? process.exitValue() : null);
        }
        return exits;
    }

    Process process(String service) {
        return processes.get(service);
    }

    /** The latest start's stderr lines that name an error, an exception or a refusal (for failure messages). */
    String errors(String service) {
        List<String> lines = read(err(service)).stream()
                .filter(line -> line.contains("ERROR") || line.contains("Exception") || line.contains("mm run")).toList();
        return service + " stderr, its errors: " + String.join("\n", lines.subList(Math.max(0, lines.size() - 12), lines.size()));
    }

    @Override
    public void close() throws IOException {
        processes.values().forEach(Process::destroyForcibly);
        Path logs = Files.createDirectories(Path.of("target", "process-logs", owner));
        try (var files = Files.list(work)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".out") || f.toString().endsWith(".err")
                    || f.toString().endsWith(".log")).toList()) {
                Files.copy(file, logs.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private Path out(String service) {
        return work.resolve(service + "-" + starts.get(service) + ".out");
    }

    private Path err(String service) {
        return work.resolve(service + "-" + starts.get(service) + ".err");
    }

    private boolean ready(String base) {
        try {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200 && health.body().contains("\"ready\":true");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<String> read(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
