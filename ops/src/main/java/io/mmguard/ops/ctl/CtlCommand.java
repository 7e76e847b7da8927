package io.mmguard.ops.ctl;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmguard.core.control.ControlSigner;
import io.mmguard.core.topics.Topics;
import io.mmguard.core.units.Decimals;
import io.mmguard.router.control.ControlRules;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlState;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.Scope;
import io.mmguard.schemas.serde.SchemaRegistries;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code bin/mm ctl}: publishes control commands to {@code mm.control} and shows what the order-router
 * enforces (DESIGN.md sections 4 and 9; the seed's {@code tools/ops.py} verbs). Risk-raising commands
 * are signed with {@value ControlSigner#KEY_ENV} from the environment; without the key they are refused
 * here, in one line, before anything is sent. Exit codes: 0 ok, 2 refused or bad argument, 1 Kafka
 * unreachable (or its control topics missing).
 */
@Command(name = "ctl", mixinStandardHelpOptions = true,
        description = "Control plane: kill, enable, set-fraction, cancel-all, set-param, status (the order-router's mm.control).",
        subcommands = {CtlCommand.Kill.class, CtlCommand.Enable.class, CtlCommand.SetFraction.class, CtlCommand.CancelAll.class,
                CtlCommand.SetParam.class, CtlCommand.Status.class})
public final class CtlCommand implements Callable<Integer> {

    static final int OK = 0;
    static final int UNREACHABLE = 1;
    static final int REFUSED = 2;

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s)");

    @Spec
    private CommandSpec spec;

    @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092", paramLabel = "H:P",
            description = "Kafka brokers (default: ${DEFAULT-VALUE}, the demo's)")
    private String bootstrap;

    @Option(names = "--schema-registry-url", defaultValue = "", paramLabel = "URL",
            description = "Confluent-compatible schema registry; empty (default) = the built-in local registry, as the services use")
    private String schemaRegistryUrl;

    @Option(names = "--actor", paramLabel = "NAME", description = "who is acting (default: user@host)")
    private String actor;

    @Option(names = "--timeout", defaultValue = "10s", paramLabel = "DURATION",
            description = "how long to wait for Kafka, e.g. 10s or 500ms (default: ${DEFAULT-VALUE})")
    private String timeout;

    private final Map<String, String> environment;

    /** The command as {@code bin/mm} runs it: the signing key comes from this process's environment. */
    public CtlCommand() {
        this(System.getenv());
    }

    /** The command with {@code environment} in place of the process environment (tests). */
    public CtlCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return REFUSED;
    }

    // ---- shared by the subcommands ---------------------------------------------------------------------

    private Topics topics() {
        return Topics.create(SchemaRegistries.fromUrl(schemaRegistryUrl));
    }

    private Duration timeout() {
        Matcher matcher = DURATION.matcher(timeout.trim());
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout '" + timeout + "' is not a duration like 10s or 500ms");
        }
        long amount = Long.parseLong(matcher.group(1));
        return "ms".equals(matcher.group(2)) ? Duration.ofMillis(amount) : Duration.ofSeconds(amount);
    }

    private String actor() {
        if (actor != null && !actor.isBlank()) {
            return actor;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return System.getProperty("user.name", "unknown") + "@" + host;
    }

    private int refuse(String why) {
        spec.commandLine().getErr().println("mm ctl: refused: " + why);
        return REFUSED;
    }

    private int unreachable(KafkaUnreachableException e) {
        spec.commandLine().getErr().println("mm ctl: " + e.getMessage());
        return UNREACHABLE;
    }

    /** Builds, checks, signs (when the key is set) and publishes one command. */
    private int publish(String verb, ControlType type, String symbol, String param, BigDecimal value, String reason) {
        ControlCommand command = ControlCommand.newBuilder()
                .setId("ctl-" + UUID.randomUUID())
                .setType(type)
                .setScope(symbol == null ? Scope.GLOBAL : Scope.SYMBOL)
                .setSymbol(symbol)
                .setParam(param)
                .setValue(value)
                .setReason(reason)
                .setActor(actor())
                .setIssuedAt(Instant.ofEpochMilli(System.currentTimeMillis()))
                .setSignature(null)
                .build();
        Optional<String> problem = ControlRules.problem(command);
        if (problem.isPresent()) {
            return refuse(verb + ": " + problem.get());
        }
        Topics topics = topics();
        ControlClient client = new ControlClient(bootstrap, timeout());
        Optional<ControlSigner> signer;
        try {
            signer = ControlSigner.fromEnvironment(environment);
        } catch (IllegalArgumentException e) {
            return refuse(e.getMessage());
        }
        try {
            if (signer.isPresent()) {
                command.setSignature(signer.get().sign(command));
            } else if (raisesRisk(command, client, topics)) {
                return refuse(verb + " raises risk and must be signed: set " + ControlSigner.KEY_ENV
                        + " to the key the order-router verifies with (unsigned, the router would refuse it)");
            }
            client.requireTopics(List.of(topics.control().name()));
            RecordMetadata written = client.append(topics.control().name(), ControlRules.key(command),
                    topics.control().valueSerde().serializer().serialize(topics.control().name(), command));
            spec.commandLine().getOut().println("sent " + type + " " + command.getId() + describe(command) + " to "
                    + topics.control().name() + " at " + bootstrap + " (offset " + written.offset() + "), actor " + command.getActor()
                    + ", reason '" + reason + "', " + (command.getSignature() == null ? "unsigned" : "signed"));
            return OK;
        } catch (KafkaUnreachableException e) {
            return unreachable(e);
        }
    }

    /** Without a key: does this command raise risk? A lower fraction does not, so it may go unsigned. */
    private static boolean raisesRisk(ControlCommand command, ControlClient client, Topics topics) throws KafkaUnreachableException {
        if (!ControlRules.mayRaiseRisk(command.getType())) {
            return false;
        }
        if (command.getType() == ControlType.SET_FRACTION && command.getValue().signum() == 0) {
            return false;
        }
        if (command.getType() == ControlType.SET_FRACTION) {
            Optional<ControlState> state = ControlStatus.read(client, topics, "", 0).state();
            return state.isEmpty() || ControlRules.raisesRisk(command, state.get().getFraction(), state.get().getParams());
        }
        return ControlRules.raisesRisk(command, BigDecimal.ZERO, Map.of());
    }

    private static String describe(ControlCommand command) {
        StringBuilder text = new StringBuilder();
        if (command.getSymbol() != null) {
            text.append(" for ").append(command.getSymbol());
        }
        if (command.getParam() != null) {
            text.append(' ').append(command.getParam());
        }
        if (command.getValue() != null) {
            text.append(' ').append(Decimals.plain(command.getValue()));
        }
        return text.toString();
    }

    private static BigDecimal decimal(CommandSpec spec, String name, String text) {
        try {
            return Decimals.parse(name, text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    // ---- subcommands ---------------------------------------------------------------------------------

    /** {@code kill --reason R [--symbol S]}: DISABLE_LIVE (lowers risk: never needs a signature). */
    @Command(name = "kill", mixinStandardHelpOptions = true,
            description = "Kill switch: live trading off (every order shadow) and every open order cancelled; --symbol halts one symbol.")
    static final class Kill implements Callable<Integer> {
        @ParentCommand
        private CtlCommand ctl;
        @Option(names = "--reason", defaultValue = "manual", description = "why (default: ${DEFAULT-VALUE})")
        private String reason;
        @Option(names = "--symbol", description = "halt only this symbol (until a signed enable --symbol)")
        private String symbol;

        @Override
        public Integer call() {
            return ctl.publish("kill", ControlType.DISABLE_LIVE, symbol, null, null, reason);
        }
    }

    /** {@code enable [--symbol S]}: ENABLE_LIVE (raises risk: signed). */
    @Command(name = "enable", mixinStandardHelpOptions = true,
            description = "Live trading on at the fraction in force (signed with MM_CONTROL_KEY); --symbol lifts one symbol's halt.")
    static final class Enable implements Callable<Integer> {
        @ParentCommand
        private CtlCommand ctl;
        @Option(names = "--reason", defaultValue = "manual", description = "why (default: ${DEFAULT-VALUE})")
        private String reason;
        @Option(names = "--symbol", description = "lift the halt of only this symbol")
        private String symbol;

        @Override
        public Integer call() {
            return ctl.publish("enable", ControlType.ENABLE_LIVE, symbol, null, null, reason);
        }
    }

    /** {@code set-fraction F}: SET_FRACTION (a higher fraction is signed). */
    @Command(name = "set-fraction", mixinStandardHelpOptions = true,
            description = "Canary fraction of decisions sent live, a fraction of one in [0, 1]: 0.05 is 5%. Raising it is signed.")
    static final class SetFraction implements Callable<Integer> {
        @ParentCommand
        private CtlCommand ctl;
        @Spec
        private CommandSpec spec;
        @Parameters(index = "0", paramLabel = "F", description = "the fraction, e.g. 0.05 for 5%")
        private String fraction;
        @Option(names = "--reason", defaultValue = "manual", description = "why (default: ${DEFAULT-VALUE})")
        private String reason;

        @Override
        public Integer call() {
            BigDecimal value = decimal(spec, "set-fraction", fraction);
            Optional<String> problem = ControlRules.fractionProblem(value);
            if (problem.isPresent()) {
                return ctl.refuse("set-fraction " + fraction + ": " + problem.get());
            }
            return ctl.publish("set-fraction " + fraction, ControlType.SET_FRACTION, null, null, value, reason);
        }
    }

    /** {@code cancel-all [--symbol S]}: CANCEL_ALL (lowers risk). */
    @Command(name = "cancel-all", mixinStandardHelpOptions = true,
            description = "Cancel every open live order (or one symbol's); live trading stays as it is.")
    static final class CancelAll implements Callable<Integer> {
        @ParentCommand
        private CtlCommand ctl;
        @Option(names = "--reason", defaultValue = "manual", description = "why (default: ${DEFAULT-VALUE})")
        private String reason;
        @Option(names = "--symbol", description = "cancel only this symbol's orders")
        private String symbol;

        @Override
        public Integer call() {
            return ctl.publish("cancel-all", ControlType.CANCEL_ALL, symbol, null, null, reason);
        }
    }

    /** {@code set-param K V}: SET_PARAM (signed, except {@code reduce_only 1}, which lowers risk). */
    @Command(name = "set-param", mixinStandardHelpOptions = true,
            description = "Set a runtime parameter (k_inv, extra_bps, reduce_only, or another service's); signed, except reduce_only 1.")
    static final class SetParam implements Callable<Integer> {
        @ParentCommand
        private CtlCommand ctl;
        @Spec
        private CommandSpec spec;
        @Parameters(index = "0", paramLabel = "K", description = "parameter name")
        private String name;
        @Parameters(index = "1", paramLabel = "V", description = "value (a decimal number)")
        private String value;
        @Option(names = "--reason", defaultValue = "manual", description = "why (default: ${DEFAULT-VALUE})")
        private String reason;

        @Override
        public Integer call() {
            return ctl.publish("set-param " + name + " " + value, ControlType.SET_PARAM, null, name, decimal(spec, name, value), reason);
        }
    }

    /** {@code status [--json]}: what the order-router enforces, and the last commands. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "What the order-router enforces (live/killed/reducing, fraction, canary stage, params) and the last commands.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        private CtlCommand ctl;
        @Option(names = "--json", description = "one JSON object on stdout")
        private boolean json;
        @Option(names = "--last", defaultValue = "10", description = "how many recent commands to show (default: ${DEFAULT-VALUE})")
        private int last;

        @Override
        public Integer call() throws JsonProcessingException {
            ControlStatus status;
            try {
                status = ControlStatus.read(new ControlClient(ctl.bootstrap, ctl.timeout()), ctl.topics(), ctl.bootstrap,
                        Math.max(0, last));
            } catch (KafkaUnreachableException e) {
                return ctl.unreachable(e);
            }
            PrintWriter out = ctl.spec.commandLine().getOut();
            if (json) {
                out.println(new ObjectMapper().configure(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN, true)
                        .writeValueAsString(status.asJson()));
            } else {
                status.asText().forEach(out::println);
            }
            out.flush();
            return OK;
        }
    }
}
