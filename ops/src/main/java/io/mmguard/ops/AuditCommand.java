package io.mmguard.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.mmguard.audit.Audit;
import io.mmguard.audit.AuditOutput;
import io.mmguard.audit.AuditResult;
import io.mmguard.audit.KafkaUnreachableException;
import io.mmguard.core.config.ConfigException;
import io.mmguard.core.runtime.ServiceDefinition;
import io.mmguard.core.runtime.ServiceMain;
import io.mmguard.core.runtime.ServiceRunner;
import io.mmguard.core.topics.Topics;
import io.mmguard.quoter.QuoterConfig;
import io.mmguard.quoter.QuoterService;
import io.mmguard.riskgate.RiskGateConfig;
import io.mmguard.riskgate.RiskGateService;
import io.mmguard.router.OrderRouterConfig;
import io.mmguard.router.OrderRouterService;
import io.mmguard.schemas.serde.SchemaRegistries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/mm audit}: re-derives every quote, decision, order and automatic control command of a time range from
 * the recorded inputs with the services' own code, and reports any record that differs (DESIGN.md sections 8, 9).
 * Exit codes: 0 clean, 3 differences found, 2 refused arguments or config, 1 Kafka unreachable.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Replays the recorded inputs of a time range through the services' code and compares every derived record"
                + " with what was recorded. Exit 0 clean, 3 differences found.")
public final class AuditCommand implements Callable<Integer> {

    static final int UNREACHABLE = 1;
    static final int REFUSED = 2;

    private static final List<String> SERVICES = List.of(QuoterConfig.SERVICE, RiskGateConfig.SERVICE, OrderRouterConfig.SERVICE);

    @Spec
    private CommandSpec spec;

    @Option(names = "--bootstrap", required = true, paramLabel = "H:P", description = "Kafka brokers of the cluster to audit")
    private String bootstrap;

    @Option(names = "--from", required = true, paramLabel = "T",
            description = "start of the range, record time, inclusive: ISO-8601 (2026-12-01T09:00:00Z, 2026-12-01T18:00:00+09:00) or epoch ms")
    private String from;

    @Option(names = "--to", required = true, paramLabel = "T", description = "end of the range, inclusive; same forms as --from")
    private String to;

    @Option(names = "--json", description = "print one JSON object on stdout")
    private boolean json;

    @Option(names = "--report", paramLabel = "FILE", description = "also write a report for an incident ticket: FILE.md (Markdown) or FILE.html")
    private Path report;

    @Option(names = "--config", paramLabel = "SERVICE=FILE",
            description = "the properties file a service ran with (quoter, risk-gate, order-router); repeatable")
    private List<String> configFiles = new ArrayList<>();

    @Option(names = "--set", paramLabel = "SERVICE.KEY=VALUE",
            description = "one config value a service ran with, e.g. quoter.quote.max.tick.bp=0.1; repeatable, applied after --config")
    private List<String> settings = new ArrayList<>();

    @Option(names = "--max-findings", defaultValue = "20", paramLabel = "N", description = "findings described in detail (default: ${DEFAULT-VALUE})")
    private int maxFindings;

    @Option(names = "--timeout", defaultValue = "15s", converter = DurationConverter.class, paramLabel = "DURATION", description = "how long to wait for Kafka (default: ${DEFAULT-VALUE})")
    private Duration timeout;

    @Option(names = "--threads", paramLabel = "N", description = "replay jobs run at once (default: the number of cores)")
    private Integer threads;

    private final Map<String, String> environment;

    /** The command as {@code bin/mm} runs it: MM_CONTROL_KEY and the seed's variables come from this process's environment. */
    public AuditCommand() {
        this(System.getenv());
    }

    /** The command with {@code environment} in place of the process environment (tests). */
    public AuditCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() {
        Audit.Request request;
        try {
            request = request();
        } catch (IllegalArgumentException | ConfigException e) {
            return refuse(e.getMessage());
        }
        quietReplayedServices();
        AuditResult result;
        try {
            result = Audit.run(request);
        } catch (KafkaUnreachableException e) {
            spec.commandLine().getErr().println("mm audit: " + e.getMessage());
            return UNREACHABLE;
        } catch (IllegalArgumentException e) {
            return refuse(e.getMessage());
        }
        if (report != null) {
            try {
                Files.writeString(report, AuditOutput.report(result, report), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return refuse("cannot write the report to " + report.toAbsolutePath() + ": " + e.getMessage());
            }
        }
        if (json) {
            spec.commandLine().getOut().println(AuditOutput.json(result));
        } else {
            spec.commandLine().getOut().print(AuditOutput.text(result));
        }
        if (report != null && !json) {
            spec.commandLine().getOut().println("report: " + report.toAbsolutePath());
        }
        spec.commandLine().getOut().flush();
        return result.exitCode();
    }

    private Audit.Request request() {
        Instant start = time("--from", from);
        Instant end = time("--to", to);
        if (maxFindings < 0) {
            throw new IllegalArgumentException("--max-findings must be 0 or more, not " + maxFindings);
        }
        Map<String, Map<String, String>> raw = rawConfigs();
        QuoterConfig quoter = config(QuoterService.DEFINITION, raw);
        RiskGateConfig riskGate = config(RiskGateService.DEFINITION, raw);
        OrderRouterConfig router = config(OrderRouterService.DEFINITION, raw);
        Topics topics = Topics.create(SchemaRegistries.fromUrl(router.common().schemaRegistryUrl()));
        return new Audit.Request(bootstrap, start, end, quoter, riskGate, router, topics, maxFindings, timeout,
                threads == null ? Runtime.getRuntime().availableProcessors() : threads);
    }

    /** Per service: its file's keys, then --set values, with bootstrap.servers defaulting to --bootstrap. */
    private Map<String, Map<String, String>> rawConfigs() {
        Map<String, Map<String, String>> raw = new LinkedHashMap<>();
        SERVICES.forEach(service -> raw.put(service, new TreeMap<>(Map.of("bootstrap.servers", bootstrap))));
        for (String entry : configFiles) {
            int eq = entry.indexOf('=');
            String service = eq < 0 ? "" : entry.substring(0, eq);
            if (!SERVICES.contains(service)) {
                throw new IllegalArgumentException("--config " + entry + ": expected SERVICE=FILE with SERVICE one of " + SERVICES
                        + " (e.g. --config quoter=quoter.properties)");
            }
            raw.get(service).putAll(ServiceMain.config(new String[] {"--config", entry.substring(eq + 1)}, Map.of()));
        }
        for (String entry : settings) {
            int eq = entry.indexOf('=');
            String target = eq < 0 ? entry : entry.substring(0, eq);
            String service = SERVICES.stream().filter(s -> target.startsWith(s + ".")).findFirst().orElse(null);
            if (eq < 0 || service == null || target.length() == service.length() + 1) {
                throw new IllegalArgumentException("--set " + entry + ": expected SERVICE.KEY=VALUE with SERVICE one of " + SERVICES
                        + " (e.g. --set quoter.quote.max.tick.bp=0.1)");
            }
            raw.get(service).put(target.substring(service.length() + 1), entry.substring(eq + 1));
        }
        return raw;
    }

    private <C> C config(ServiceDefinition<C> service, Map<String, Map<String, String>> raw) {
        return ServiceRunner.readConfig(service, raw.get(service.name()), environment);
    }

    /**
     * The replay runs the services' own code, whose log lines ([KILL_SWITCH], [QUOTE_SANITY_FAIL], ...) would describe
     * the recorded past as if it happened now, in this process: they are switched off for the audit's run.
     */
    private static void quietReplayedServices() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            for (String name : List.of("io.mmguard.quoter", "io.mmguard.riskgate", "io.mmguard.router")) {
                context.getLogger(name).setLevel(Level.OFF);
            }
        }
    }

    static Instant time(String option, String text) {
        String value = text.trim();
        if (value.chars().allMatch(Character::isDigit) && !value.isEmpty()) {
            return Instant.ofEpochMilli(Long.parseLong(value));
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a time: give an ISO-8601 instant with its offset"
                    + " (2026-12-01T09:00:00Z, 2026-12-01T18:00:00+09:00) or epoch milliseconds (1764579600000)");
        }
    }

    private int refuse(String message) {
        spec.commandLine().getErr().println("mm audit: " + message);
        return REFUSED;
    }
}
