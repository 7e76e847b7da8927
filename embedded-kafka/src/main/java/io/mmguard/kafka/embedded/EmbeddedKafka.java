package io.mmguard.kafka.embedded;

import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka server (KRaft, combined broker and controller) running inside this JVM and
 * listening on {@code 127.0.0.1} only.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Options.builder().port(9092).build())) {
 *     String bootstrap = kafka.bootstrapServers(); // "127.0.0.1:9092"
 * }
 * }</pre>
 *
 * <p>{@link #start(Options)} returns once the broker accepts clients. The storage is formatted with the latest
 * production {@code metadata.version}; unstable features are never enabled. Internal topics (consumer offsets,
 * transaction state, share-group state) have one replica, so consumer groups and transactions
 * ({@code exactly_once_v2}) work. A JVM shutdown hook closes the broker if the caller does not.
 *
 * <p>Kafka logs through SLF4J; the application chooses the backend and the levels.
 *
 * <p>The server runs with Kafka's standard fault handlers: a fatal metadata fault (which a healthy single node
 * does not produce) halts the JVM, exactly as it would stop a stand-alone broker. Use it for demos and tests,
 * not inside a process that must outlive its broker.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaRaftServer server;
    private final LogDirectory logDirectory;
    private final int port;
    private final int controllerPort;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(KafkaRaftServer server, LogDirectory logDirectory, int port, int controllerPort) {
        this.server = server;
        this.logDirectory = logDirectory;
        this.port = port;
        this.controllerPort = controllerPort;
        this.shutdownHook = new Thread(this::closeFromHook, "embedded-kafka-shutdown-" + port);
    }

    /** Starts a broker with the default options: free ports, a temporary log directory. */
    public static EmbeddedKafka start() {
        return start(Options.defaults());
    }

    /**
     * Starts a broker and returns once an Admin client's {@code describeCluster} succeeds.
     *
     * @throws BrokerStartException with a one-line reason if a port is taken, the storage cannot be formatted,
     *                              or the broker does not come up within {@link Options#startTimeout()}
     */
    public static EmbeddedKafka start(Options options) {
        Objects.requireNonNull(options, "options");
        long startedAt = System.nanoTime();
        int port = LoopbackPorts.resolve(options.port());
        int controllerPort = LoopbackPorts.resolve(options.controllerPort());
        while (controllerPort == port) { // both free right now, one of them picked at random: pick again
            if (options.controllerPort() == 0) {
                controllerPort = LoopbackPorts.resolve(0);
            } else {
                port = LoopbackPorts.resolve(0);
            }
        }
        LogDirectory logDirectory = LogDirectory.of(options.logDir());
        KafkaRaftServer server = null;
        try {
            Properties props = BrokerProperties.build(port, controllerPort, logDirectory.path(),
                    options.startTimeout(), options.brokerProperties());
            StorageFormatter.formatIfNeeded(logDirectory.path(), controllerPort);
            server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            String bootstrap = LoopbackPorts.HOST + ":" + port;
            ReadinessProbe.awaitReady(bootstrap, remaining(options.startTimeout(), startedAt));
            EmbeddedKafka kafka = new EmbeddedKafka(server, logDirectory, port, controllerPort);
            if (options.closeOnJvmExit()) {
                Runtime.getRuntime().addShutdownHook(kafka.shutdownHook);
            }
            LOG.info("Embedded Kafka broker ready at {} in {} ms (controller port {}, log dir {})",
                    bootstrap, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt), controllerPort,
                    logDirectory.path());
            return kafka;
        } catch (RuntimeException e) {
            stopQuietly(server);
            releaseQuietly(logDirectory);
            throw explain(e, port, controllerPort);
        }
    }

    /** The address clients connect to: {@code "127.0.0.1:<port>"}. */
    public String bootstrapServers() {
        return LoopbackPorts.HOST + ":" + port;
    }

    /** The client (broker listener) port. */
    public int port() {
        return port;
    }

    /** The KRaft controller listener port (also on 127.0.0.1). */
    public int controllerPort() {
        return controllerPort;
    }

    /** The directory holding the broker's logs and metadata. */
    public Path logDir() {
        return logDirectory.path();
    }

    /**
     * Stops the broker cleanly, deletes the log directory if it was a temporary one and removes the shutdown hook.
     * Calling it again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook); // false (harmless) when it was never added
        } catch (IllegalStateException jvmAlreadyShuttingDown) {
            // Called from the hook itself (or during JVM shutdown): nothing to remove.
        }
        long stoppingAt = System.nanoTime();
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            logDirectory.release();
        }
        LOG.info("Embedded Kafka broker at {} stopped in {} ms", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppingAt));
    }

    private void closeFromHook() {
        if (!closed.get()) {
            LOG.warn("Embedded Kafka broker at {} was not closed; closing it at JVM shutdown", bootstrapServers());
            close();
        }
    }

    private static Duration remaining(Duration timeout, long startedAtNanos) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startedAtNanos);
        Duration left = timeout.minus(elapsed);
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static RuntimeException explain(RuntimeException e, int port, int controllerPort) {
        if (e instanceof BrokerStartException) {
            return e;
        }
        if (causedByBindFailure(e)) {
            for (int candidate : new int[] {port, controllerPort}) {
                if (!LoopbackPorts.isFree(candidate)) {
                    BrokerStartException clear = BrokerStartException.portInUse(candidate);
                    clear.initCause(e);
                    return clear;
                }
            }
        }
        return new BrokerStartException(Objects.toString(rootCause(e).getMessage(), e.toString()), e);
    }

    private static boolean causedByBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static void stopQuietly(KafkaRaftServer server) {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.debug("Ignoring a failure while stopping a broker that failed to start", e);
        }
    }

    private static void releaseQuietly(LogDirectory logDirectory) {
        try {
            logDirectory.release();
        } catch (RuntimeException e) {
            LOG.debug("Ignoring a failure while deleting {}", logDirectory.path(), e);
        }
    }

    /**
     * What to start. Immutable; build it with {@link #builder()} or take {@link #defaults()}.
     */
    public static final class Options {

        private static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

        private final int port;
        private final int controllerPort;
        private final Path logDir;
        private final Map<String, String> brokerProperties;
        private final Duration startTimeout;
        private final boolean closeOnJvmExit;

        private Options(Builder builder) {
            this.closeOnJvmExit = builder.closeOnJvmExit;
            this.port = builder.port;
            this.controllerPort = builder.controllerPort;
            this.logDir = builder.logDir;
            this.brokerProperties = Map.copyOf(builder.brokerProperties);
            this.startTimeout = builder.startTimeout;
        }

        /** Free ports, a temporary log directory, no extra properties, a 60 s start timeout. */
        public static Options defaults() {
            return builder().build();
        }

        /** A builder starting from {@link #defaults()}. */
        public static Builder builder() {
            return new Builder();
        }

        /** The client port; 0 means a free port is picked. */
        public int port() {
            return port;
        }

        /** The controller port; 0 means a free port is picked. */
        public int controllerPort() {
            return controllerPort;
        }

        /** The log directory, or null for a fresh temporary directory that is deleted on close. */
        public Path logDir() {
            return logDir;
        }

        /** Extra broker properties, applied over the single-node defaults. */
        public Map<String, String> brokerProperties() {
            return brokerProperties;
        }

        /** Whether a JVM shutdown hook closes the broker (default true). */
        public boolean closeOnJvmExit() {
            return closeOnJvmExit;
        }

        /** How long {@link EmbeddedKafka#start(Options)} may take before it fails. */
        public Duration startTimeout() {
            return startTimeout;
        }

        @Override
        public String toString() {
            return "Options{port=" + port + ", controllerPort=" + controllerPort + ", logDir=" + logDir
                    + ", brokerProperties=" + brokerProperties + ", startTimeout=" + startTimeout + "}";
        }

        /** Builds {@link Options}. Not thread-safe. */
        public static final class Builder {

            private int port;
            private int controllerPort;
            private Path logDir;
            private final Map<String, String> brokerProperties = new LinkedHashMap<>();
            private Duration startTimeout = DEFAULT_START_TIMEOUT;
            private boolean closeOnJvmExit = true;

            private Builder() {
            }

            /**
             * Whether a JVM shutdown hook closes the broker (default true). An application that orders its
             * own shutdown (services first, broker last) turns this off and closes the broker itself.
             */
            public Builder closeOnJvmExit(boolean closeOnJvmExit) {
                this.closeOnJvmExit = closeOnJvmExit;
                return this;
            }

            /** The client port on 127.0.0.1 (0 = pick a free port). */
            public Builder port(int port) {
                this.port = checkPort(port, "port");
                return this;
            }

            /** The controller port on 127.0.0.1 (0 = pick a free port, the default). */
            public Builder controllerPort(int controllerPort) {
                this.controllerPort = checkPort(controllerPort, "controllerPort");
                return this;
            }

            /**
             * A log directory to use and keep (it is formatted on first use and reused afterwards);
             * null (the default) means a fresh temporary directory deleted on close.
             */
            public Builder logDir(Path logDir) {
                this.logDir = logDir;
                return this;
            }

            /**
             * One extra broker property, e.g. {@code ("log.retention.ms", "60000")}.
             *
             * @throws IllegalArgumentException for a key this library manages (listeners, node id, log dirs,
             *                                  quorum settings, unstable versions)
             */
            public Builder brokerProperty(String key, String value) {
                Objects.requireNonNull(key, "key");
                Objects.requireNonNull(value, "value");
                if (BrokerProperties.RESERVED.contains(key)) {
                    throw new IllegalArgumentException("embedded Kafka manages " + key
                            + " itself; use Options.port/controllerPort/logDir instead");
                }
                brokerProperties.put(key, value);
                return this;
            }

            /** Extra broker properties, added to those already set. */
            public Builder brokerProperties(Map<String, String> properties) {
                properties.forEach(this::brokerProperty);
                return this;
            }

            /** How long start may take (default 60 s). */
            public Builder startTimeout(Duration startTimeout) {
                if (startTimeout.isNegative() || startTimeout.isZero()) {
                    throw new IllegalArgumentException("startTimeout must be positive: " + startTimeout);
                }
                this.startTimeout = startTimeout;
                return this;
            }

            /** The options; the builder can be reused. */
            public Options build() {
                if (port != 0 && port == controllerPort) {
                    throw new IllegalArgumentException("port and controllerPort must differ: " + port);
                }
                return new Options(this);
            }

            private static int checkPort(int value, String name) {
                if (value < 0 || value > 65_535) {
                    throw new IllegalArgumentException(name + " must be between 0 and 65535: " + value);
                }
                return value;
            }
        }
    }
}
