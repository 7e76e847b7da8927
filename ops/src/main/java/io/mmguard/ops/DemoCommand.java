package io.mmguard.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmguard.core.config.ConfigException;
import io.mmguard.core.control.ControlSigner;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.mmguard.kafka.embedded.BrokerStartException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bin/mm demo}: the whole pipeline on this machine, on a real embedded Kafka broker. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Starts a real Kafka broker on 127.0.0.1, the topics, the quoter, risk-gate and order-router as"
                + " separate Kafka Streams applications, and a synthetic market; prints a running status and a summary.")
final class DemoCommand implements Callable<Integer> {

    /** One demo per machine; {@code -Dmm.demo.lock=<file>} moves the lock (tests use their own). */
    private static final Path LOCK_FILE = Path.of(System.getProperty("mm.demo.lock",
            Path.of(System.getProperty("java.io.tmpdir"), "mmguard", "demo.lock").toString()));
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(15);

    @Spec
    private CommandSpec spec;

    @Option(names = "--duration", converter = DurationConverter.class,
            description = "how long to run, e.g. 90s or 5m (default: until Ctrl-C)")
    private Duration duration;

    @Option(names = "--port", defaultValue = "9092", description = "broker port on 127.0.0.1 (default: ${DEFAULT-VALUE})")
    private int port;

    @Option(names = "--time-scale", defaultValue = "60",
            description = "divides the canary plan's stage lengths and SLO windows; 60 runs the 90-minute canary in 90 s"
                    + " (default: ${DEFAULT-VALUE})")
    private double timeScale;

    @Option(names = "--scenario", defaultValue = "calm",
            description = "calm, incident (the seed's unit bug), stale-feed, reject-storm or price-jump (default: ${DEFAULT-VALUE})")
    private String scenarioName;

    @Option(names = "--rate", defaultValue = "200", description = "book updates per second (default: ${DEFAULT-VALUE})")
    private int rate;

    @Option(names = "--seed", defaultValue = "42", description = "seed of the synthetic market (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--k-inv", converter = SmokeCommand.DecimalConverter.class,
            description = "inventory skew k_inv (0..0.5) the operator sets, signed, when it enables live trading (default: none;"
                    + " the canary steps it); compare runs with --set canary-controller.canary.k.inv.steps=- so the canary keeps it")
    private java.math.BigDecimal kInv;

    @Option(names = "--json", description = "print one JSON summary object on stdout; status goes to stderr")
    private boolean json;

    @Option(names = "--set", paramLabel = "[SERVICE.]KEY=VALUE",
            description = "a config key for every service (commit.interval.ms=50, processing.guarantee=at_least_once) or, prefixed"
                    + " with a service name, for one (risk-gate.risk.stale.ms=800); repeatable")
    private List<String> settings = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
        validate();
        PrintStream out = System.out;
        PrintStream status = json ? System.err : out;
        DemoScenario scenario;
        try {
            scenario = DemoScenario.parse(scenarioName);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        DemoOptions options;
        try {
            if (kInv != null) {
                io.mmguard.core.control.ParamRegistry.K_INV.problem(kInv).ifPresent(problem -> {
                    throw new IllegalArgumentException("--k-inv: " + problem);
                });
            }
            options = new DemoOptions(duration, port, rate, seed, json, scenario, timeScale, DemoSettings.parse(settings), kInv);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Map<String, String> environment = new HashMap<>(System.getenv());
        if (environment.getOrDefault(ControlSigner.KEY_ENV, "").isBlank()) {
            byte[] key = new byte[16];
            new SecureRandom().nextBytes(key);
            environment.put(ControlSigner.KEY_ENV, HexFormat.of().formatHex(key));
            status.println("MM_CONTROL_KEY was not set: this demo signs with a one-off key; to operate it with bin/mm ctl run"
                    + " export MM_CONTROL_KEY=" + environment.get(ControlSigner.KEY_ENV));
        }
        try (DemoLock lock = DemoLock.acquire(LOCK_FILE)) {
            CountDownLatch stopRequested = new CountDownLatch(1);
            CountDownLatch finished = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                stopRequested.countDown();
                awaitQuietly(finished, Duration.ofSeconds(40));
            }, "mm-demo-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try (Demo demo = new Demo(options, status, environment)) {
                demo.start();
                long started = System.nanoTime();
                lock.describe("pid " + ProcessHandle.current().pid() + ", bootstrap 127.0.0.1:" + port);
                status.println("running" + (duration == null ? " until Ctrl-C" : " for " + duration.toSeconds() + "s (Ctrl-C stops it sooner)")
                        + "; clients can connect to 127.0.0.1:" + port);
                status.println("audit any range while it runs (same MM_CONTROL_KEY): bin/mm audit --bootstrap 127.0.0.1:" + port
                        + " --from " + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        + " --to <a time a few seconds ago> " + Demo.AUDIT_SETTINGS);
                long deadline = duration == null ? Long.MAX_VALUE : started + duration.toNanos();
                while (System.nanoTime() < deadline && !stopRequested.await(1, TimeUnit.SECONDS)) {
                    status.println(demo.summary(Duration.ofNanos(System.nanoTime() - started)).statusLine());
                }
                status.println("stopping: draining the pipeline, then closing services and broker");
                demo.drain(DRAIN_TIMEOUT);
                DemoSummary summary = demo.summary(Duration.ofNanos(System.nanoTime() - started));
                List<String> timeline = demo.timeline();
                demo.close();
                if (json) {
                    Map<String, Object> object = new LinkedHashMap<>(summary.asMap());
                    object.put("scenario", scenario.cliName());
                    object.put("timeline", timeline);
                    out.println(new ObjectMapper().writeValueAsString(object));
                } else {
                    out.println("timeline (scenario " + scenario.cliName() + "):");
                    timeline.forEach(line -> out.println("  " + line));
                    out.println("summary: " + summary.statusLine());
                }
            } finally {
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException alreadyShuttingDown) {
                    // Ctrl-C: the hook is running and waits for us
                }
            }
            return 0;
        } catch (DemoLock.DemoAlreadyRunningException | BrokerStartException | ConfigException e) {
            spec.commandLine().getErr().println("mm demo: " + e.getMessage());
            return 2;
        }
    }

    private void validate() {
        if (port < 1 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port " + port + " is not a TCP port (1..65535)");
        }
        if (rate < 1 || rate > 100_000) {
            throw new ParameterException(spec.commandLine(), "--rate " + rate + " is out of range (1..100000 updates/s)");
        }
        if (!(timeScale > 0)) {
            throw new ParameterException(spec.commandLine(), "--time-scale " + timeScale + " must be > 0 (1 = real time)");
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new ParameterException(spec.commandLine(), "--duration must be positive, e.g. 90s");
        }
    }

    private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
        try {
            latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
