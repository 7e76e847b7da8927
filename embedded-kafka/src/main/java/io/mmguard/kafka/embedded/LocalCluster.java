package io.mmguard.kafka.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Apache Kafka cluster of N broker <em>processes</em> on {@code 127.0.0.1}: the deployed shape (three
 * combined broker+controller nodes, a static KRaft quorum, replication factor 3, min.insync.replicas 2) without
 * Docker, for {@code bin/mm cluster} and for tests that need broker loss to be real (a {@code kill -9} of one JVM).
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.create(LocalCluster.Options.builder().brokers(3).build())) {
 *     cluster.start();                              // returns once every broker is registered and unfenced
 *     String bootstrap = cluster.bootstrapServers(); // "127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3"
 * }
 * }</pre>
 *
 * <p><b>Layout.</b> Node {@code i} (1..N) is its own JVM ({@link ClusterNode}, the caller's classpath, a modest heap)
 * with client port {@code P+i-1} and controller port {@code P+N+i-1} when a first port {@code P} is given, or free
 * ports otherwise. Every node is a voter of {@code controller.quorum.voters}, so the quorum survives the loss of a
 * minority of nodes. The data directory holds {@code cluster.properties} (cluster id, broker count) and
 * {@code node-<i>/server.properties} and {@code node-<i>/data} per node; every node is formatted with the same cluster
 * id. A directory given by the caller is kept and reused (its formatted storage, topics and offsets) by the next
 * cluster over it, whatever its ports; a temporary one is deleted by {@link #close()}.
 *
 * <p><b>Replication.</b> {@link #replicationFactor()} is 3 (or N when N &lt; 3) for new topics and every internal topic;
 * {@link #minInsyncReplicas()} is one less (at least 1), so acks=all writes go on with one broker down.
 *
 * <p><b>Broker loss.</b> A broker that exits after the start is reported to the {@link Options.Builder#onBrokerExit
 * exit listener} and is not restarted: the others keep serving, which is the point of testing broker loss. Each
 * child's output (stdout and stderr) is copied, prefixed with {@code [broker <i>]}, to {@link Options#output()}. Each
 * child also exits when this JVM dies, even by {@code kill -9} (it watches the pipe to its standard input), so no
 * broker outlives its cluster; only the temporary directory is then left behind.
 */
public final class LocalCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);

    /** The most brokers a local cluster runs (each is a JVM; this is a 2-core development machine). */
    public static final int MAX_BROKERS = 9;
    static final String CLUSTER_FILE = "cluster.properties";
    private static final int TAIL_LINES = 25;

    private final Options options;
    private final Path dataDir;
    private final boolean temporary;
    private final String clusterId;
    private final List<Broker> brokers;
    private final Thread shutdownHook;
    private volatile boolean closing;
    private volatile boolean ready;
    private StopReport stopReport;

    private LocalCluster(Options options, Path dataDir, boolean temporary, String clusterId, List<PreparedNode> nodes) {
        this.options = options;
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.clusterId = clusterId;
        this.brokers = nodes.stream().map(node -> new Broker(node.layout(), node.serverProperties(), node.formatted()))
                .collect(Collectors.toUnmodifiableList());
        this.shutdownHook = new Thread(this::stopFromHook, "local-cluster-shutdown");
    }

    /**
     * Resolves the ports, prepares the data directory and formats every node's storage (or reuses it), without
     * starting any process yet; {@link #start()} does that.
     *
     * @throws BrokerStartException with a one-line reason: a port in use, a data directory of another shape or cluster
     */
    public static LocalCluster create(Options options) {
        Objects.requireNonNull(options, "options");
        List<ClusterNodeProperties.Layout> layout = resolvePorts(options.brokers(), options.port());
        Path dataDir;
        boolean temporary = options.dataDir() == null;
        try {
            dataDir = temporary ? Files.createTempDirectory("mm-cluster-")
                    : Files.createDirectories(options.dataDir()).toAbsolutePath();
        } catch (IOException e) {
            throw BrokerStartException.cluster("cannot create the data directory "
                    + (temporary ? "in " + System.getProperty("java.io.tmpdir") : options.dataDir()) + ": " + e, e);
        }
        try {
            String clusterId = clusterId(dataDir, options.brokers());
            List<PreparedNode> nodes = new ArrayList<>();
            for (ClusterNodeProperties.Layout node : layout) {
                Path nodeDir = dataDir.resolve("node-" + node.nodeId());
                Path logDir = Files.createDirectories(nodeDir.resolve("data"));
                boolean formatted = StorageFormatter.formatClusterNodeIfNeeded(logDir, node.nodeId(), clusterId);
                Path serverProperties = nodeDir.resolve("server.properties");
                Files.writeString(serverProperties, ClusterNodeProperties.render(
                        ClusterNodeProperties.build(node, layout, logDir),
                        "node " + node.nodeId() + " of cluster " + clusterId + " (written by LocalCluster at each start)"));
                nodes.add(new PreparedNode(node, serverProperties, formatted));
            }
            return new LocalCluster(options, dataDir, temporary, clusterId, nodes);
        } catch (IOException | RuntimeException e) {
            if (temporary) {
                deleteQuietly(dataDir);
            }
            if (e instanceof BrokerStartException clear) {
                throw clear;
            }
            throw BrokerStartException.cluster("cannot prepare the data directory " + dataDir + ": " + e, e);
        }
    }

    /**
     * Starts every broker process and returns once all of them are registered with the controller quorum and serve
     * clients. On failure every broker started so far is stopped (and a temporary directory deleted) before it throws.
     *
     * @throws BrokerStartException with a one-line reason: which broker exited while starting (with its exit code and
     *                              last output lines), or that they were not ready within the start timeout, or
     *                              that {@link #close()} was called meanwhile
     */
    public void start() {
        long startedAt = System.nanoTime();
        try {
            synchronized (this) {
                if (closing) {
                    throw BrokerStartException.cluster("the cluster was stopped before it started");
                }
                for (Broker broker : brokers) {
                    broker.spawn();
                }
            }
            if (options.shutdownHook()) {
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
            awaitReady(startedAt);
            ready = true;
            LOG.debug("Local cluster {} ready at {} in {} ms", clusterId, bootstrapServers(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
        } catch (RuntimeException e) {
            stop();
            throw e instanceof BrokerStartException ? e
                    : BrokerStartException.cluster(e.toString(), e);
        } catch (IOException e) {
            stop();
            throw BrokerStartException.cluster("cannot start a broker process: " + e.getMessage(), e);
        }
    }

    /** {@code "127.0.0.1:p1,127.0.0.1:p2,..."}, in node id order. */
    public String bootstrapServers() {
        return brokers.stream().map(Broker::address).collect(Collectors.joining(","));
    }

    /** Every broker, in node id order (1..N), running or not. */
    public List<Broker> brokers() {
        return brokers;
    }

    /** The brokers whose process is alive. */
    public List<Broker> running() {
        return brokers.stream().filter(Broker::isAlive).collect(Collectors.toList());
    }

    /** The cluster id every node was formatted with. */
    public String clusterId() {
        return clusterId;
    }

    /** The data directory (a temporary one unless {@link Options#dataDir()} was given). */
    public Path dataDir() {
        return dataDir;
    }

    /** True when the data directory is temporary and {@link #close()} deletes it. */
    public boolean temporaryDataDir() {
        return temporary;
    }

    /** True when every node's storage was formatted by this cluster; false when a previous run's was reused. */
    public boolean freshlyFormatted() {
        return brokers.stream().allMatch(broker -> broker.formatted);
    }

    /** Replication factor of new topics ({@code default.replication.factor}) and of every internal topic. */
    public int replicationFactor() {
        return ClusterNodeProperties.replicationFactor(brokers.size());
    }

    /** {@code min.insync.replicas} of every topic (and {@code transaction.state.log.min.isr}). */
    public int minInsyncReplicas() {
        return ClusterNodeProperties.minInsyncReplicas(brokers.size());
    }

    /**
     * Stops every broker still running (SIGTERM, a clean Kafka shutdown; those still running after
     * {@link Options#stopTimeout()} are killed), then deletes a temporary data directory. Safe from any thread and
     * idempotent: a second call waits for the first and returns the same report.
     */
    public synchronized StopReport stop() {
        if (stopReport != null) {
            return stopReport;
        }
        closing = true;
        long stoppingAt = System.nanoTime();
        List<Broker> wereRunning = running();
        wereRunning.forEach(broker -> broker.process.destroy());
        long deadline = stoppingAt + options.stopTimeout().toNanos();
        List<Broker> killed = new ArrayList<>();
        for (Broker broker : wereRunning) {
            if (!waitFor(broker.process, deadline - System.nanoTime())) {
                LOG.warn("Broker {} (pid {}) did not stop within {} s; killing it", broker.nodeId(), broker.pid(),
                        options.stopTimeout().toSeconds());
                broker.process.destroyForcibly();
                killed.add(broker);
                waitFor(broker.process, TimeUnit.SECONDS.toNanos(10));
            }
        }
        brokers.forEach(Broker::joinOutput);
        boolean deleted = false;
        if (temporary) {
            deleteQuietly(dataDir);
            deleted = !Files.exists(dataDir);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException jvmShuttingDown) {
            // called from the hook itself
        }
        stopReport = new StopReport(wereRunning, killed, Duration.ofNanos(System.nanoTime() - stoppingAt), deleted);
        return stopReport;
    }

    /** {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private record PreparedNode(ClusterNodeProperties.Layout layout, Path serverProperties, boolean formatted) {
    }

    /** What {@link #stop()} did. */
    public record StopReport(List<Broker> stopped, List<Broker> killed, Duration took, boolean dataDirDeleted) {
    }

    private void stopFromHook() {
        if (!closing) {
            LOG.warn("Local cluster at {} was not stopped; stopping its brokers at JVM shutdown", bootstrapServers());
        }
        stop();
    }

    private void awaitReady(long startedAt) {
        long deadline = startedAt + options.startTimeout().toNanos();
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "local-cluster-readiness",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        String lastSeen = "no answer yet";
        try (Admin admin = Admin.create(config)) {
            while (true) {
                if (closing) {
                    throw BrokerStartException.cluster("the cluster was stopped before every broker was ready");
                }
                for (Broker broker : brokers) {
                    if (!broker.isAlive()) {
                        broker.joinOutput();
                        throw BrokerStartException.cluster("broker " + broker.nodeId() + " (pid " + broker.pid() + ", "
                                + broker.address() + ") exited with " + describeExit(broker.exitCode().orElse(-1))
                                + " while starting; its last output:" + System.lineSeparator() + broker.tail());
                    }
                }
                try {
                    Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000))
                            .nodes().get(3, TimeUnit.SECONDS);
                    Set<Integer> ids = nodes.stream().map(Node::id).collect(Collectors.toCollection(TreeSet::new));
                    if (ids.size() == brokers.size()) {
                        return;
                    }
                    lastSeen = "brokers " + ids + " registered";
                } catch (ExecutionException | TimeoutException e) {
                    lastSeen = Objects.toString(e.getCause() == null ? e : e.getCause());
                }
                if (System.nanoTime() > deadline) {
                    throw BrokerStartException.cluster("not every broker was ready within " + options.startTimeout().toSeconds()
                            + " s (" + lastSeen + "); the machine may be too busy: try fewer --brokers");
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BrokerStartException.cluster("interrupted while waiting for the brokers at " + bootstrapServers(), e);
        }
    }

    /** "exit code 1", or "exit code 137 (killed by signal 9, SIGKILL)" for a process a signal ended. */
    public static String describeExit(int exitCode) {
        if (exitCode > 128 && exitCode < 160) {
            int signal = exitCode - 128;
            String name = switch (signal) {
                case 9 -> ", SIGKILL";
                case 15 -> ", SIGTERM";
                case 2 -> ", SIGINT";
                case 6 -> ", SIGABRT";
                case 11 -> ", SIGSEGV";
                default -> "";
            };
            return "exit code " + exitCode + " (killed by signal " + signal + name + ")";
        }
        return "exit code " + exitCode;
    }

    private static boolean waitFor(Process process, long nanos) {
        try {
            return process.waitFor(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static List<ClusterNodeProperties.Layout> resolvePorts(int brokers, int firstPort) {
        List<ClusterNodeProperties.Layout> layout = new ArrayList<>();
        if (firstPort > 0) {
            for (int i = 0; i < 2 * brokers; i++) {
                if (!LoopbackPorts.isFree(firstPort + i)) {
                    throw BrokerStartException.cluster("port " + (firstPort + i) + " on " + LoopbackPorts.HOST
                            + " is already in use (a " + brokers + "-broker cluster at --port " + firstPort + " needs "
                            + firstPort + ".." + (firstPort + 2 * brokers - 1) + ": client ports, then controller ports);"
                            + " choose another --port or stop the process using it");
                }
            }
            for (int i = 0; i < brokers; i++) {
                layout.add(new ClusterNodeProperties.Layout(i + 1, firstPort + i, firstPort + brokers + i));
            }
            return layout;
        }
        Set<Integer> ports = new LinkedHashSet<>();
        while (ports.size() < 2 * brokers) {
            ports.add(LoopbackPorts.resolve(0));
        }
        List<Integer> picked = new ArrayList<>(ports);
        for (int i = 0; i < brokers; i++) {
            layout.add(new ClusterNodeProperties.Layout(i + 1, picked.get(i), picked.get(brokers + i)));
        }
        return layout;
    }

    /** Reads the cluster id of a reused directory (checking its broker count) or records a new one. */
    private static String clusterId(Path dataDir, int brokers) throws IOException {
        Path file = dataDir.resolve(CLUSTER_FILE);
        if (Files.exists(file)) {
            Properties recorded = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                recorded.load(reader);
            }
            String id = recorded.getProperty("cluster.id");
            String count = recorded.getProperty("brokers");
            if (id == null || count == null) {
                throw BrokerStartException.cluster(file + " lacks cluster.id or brokers; it was not written by a local cluster");
            }
            if (!count.equals(Integer.toString(brokers))) {
                throw BrokerStartException.cluster(dataDir + " holds a " + count + "-broker cluster (its controller quorum has "
                        + count + " voters); run it with --brokers " + count + " or use another --data directory");
            }
            return id;
        }
        try (var entries = Files.list(dataDir)) {
            if (entries.findAny().isPresent()) {
                throw BrokerStartException.cluster(dataDir + " is not empty and has no " + CLUSTER_FILE
                        + ", so it is not a local cluster's data directory; give a new or empty directory");
            }
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(file, "# written by LocalCluster (bin/mm cluster); every node is formatted with this id"
                + System.lineSeparator() + "cluster.id=" + id + System.lineSeparator() + "brokers=" + brokers
                + System.lineSeparator());
        return id;
    }

    private static void deleteQuietly(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            LOG.warn("Cannot delete the local cluster's data directory {}: {}", dir, e.toString());
        }
    }

    /** One broker process: node id, ports, pid once started, exit code once exited. */
    public final class Broker {

        private final ClusterNodeProperties.Layout layout;
        private final Path serverProperties;
        private final boolean formatted;
        private final Deque<String> tail = new ArrayDeque<>();
        private volatile Process process;
        private Thread output;

        private Broker(ClusterNodeProperties.Layout layout, Path serverProperties, boolean formatted) {
            this.layout = layout;
            this.serverProperties = serverProperties;
            this.formatted = formatted;
        }

        /** 1..N; also its KRaft voter id. */
        public int nodeId() {
            return layout.nodeId();
        }

        /** The client port on 127.0.0.1. */
        public int port() {
            return layout.port();
        }

        /** The KRaft controller port on 127.0.0.1. */
        public int controllerPort() {
            return layout.controllerPort();
        }

        /** {@code "127.0.0.1:<port>"}. */
        public String address() {
            return LoopbackPorts.HOST + ":" + port();
        }

        /** The process id (-1 before {@link LocalCluster#start()}). */
        public long pid() {
            Process started = process;
            return started == null ? -1 : started.pid();
        }

        /** The node's {@code server.properties}. */
        public Path serverProperties() {
            return serverProperties;
        }

        public boolean isAlive() {
            Process started = process;
            return started != null && started.isAlive();
        }

        /** The exit code once the process has exited. */
        public OptionalInt exitCode() {
            Process started = process;
            return started == null || started.isAlive() ? OptionalInt.empty() : OptionalInt.of(started.exitValue());
        }

        @Override
        public String toString() {
            return "broker " + nodeId() + " (pid " + pid() + ", " + address() + ")";
        }

        private void spawn() throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(options.javaOptions());
            Optional.ofNullable(System.getProperty("logback.configurationFile"))
                    .ifPresent(file -> command.add("-Dlogback.configurationFile=" + file));
            command.add("-Dmm.cluster.node=" + nodeId());
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(ClusterNode.class.getName());
            command.add(serverProperties.toString());
            command.add(ClusterNode.EXIT_WITH_PARENT);
            Process started = new ProcessBuilder(command).redirectErrorStream(true).start();
            process = started;
            output = new Thread(() -> copyOutput(started), "local-cluster-broker-" + nodeId() + "-output");
            output.setDaemon(true);
            output.start();
            started.onExit().thenRun(() -> {
                if (ready && !closing) {
                    options.onBrokerExit().brokerExited(this, started.exitValue());
                }
            });
            options.onBrokerStarted().brokerStarted(this);
        }

        private void copyOutput(Process started) {
            String prefix = "[broker " + nodeId() + "] ";
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > TAIL_LINES) {
                            tail.removeFirst();
                        }
                    }
                    options.output().println(prefix + line);
                }
            } catch (IOException e) {
                // the process is gone; its output ends here
            }
        }

        private void joinOutput() {
            Thread copier = output;
            if (copier == null) {
                return;
            }
            try {
                copier.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private String tail() {
            synchronized (tail) {
                return tail.isEmpty() ? "  (nothing)" : tail.stream().map(line -> "  " + line)
                        .collect(Collectors.joining(System.lineSeparator()));
            }
        }
    }

    /** Called once for each broker that exits after the cluster was ready, unless {@link #stop()} stopped it. */
    @FunctionalInterface
    public interface ExitListener {
        void brokerExited(Broker broker, int exitCode);
    }

    /** Called as each broker process is started (before it is ready), e.g. to print its pid. */
    @FunctionalInterface
    public interface StartListener {
        void brokerStarted(Broker broker);
    }

    /** How to run the cluster. */
    public static final class Options {

        private final int brokers;
        private final int port;
        private final Path dataDir;
        private final List<String> javaOptions;
        private final Duration startTimeout;
        private final Duration stopTimeout;
        private final PrintStream output;
        private final ExitListener onBrokerExit;
        private final StartListener onBrokerStarted;
        private final boolean shutdownHook;

        private Options(Builder builder) {
            this.brokers = builder.brokers;
            this.port = builder.port;
            this.dataDir = builder.dataDir;
            this.javaOptions = List.copyOf(builder.javaOptions);
            this.startTimeout = builder.startTimeout;
            this.stopTimeout = builder.stopTimeout;
            this.output = builder.output;
            this.onBrokerExit = builder.onBrokerExit;
            this.onBrokerStarted = builder.onBrokerStarted;
            this.shutdownHook = builder.shutdownHook;
        }

        public static Builder builder() {
            return new Builder();
        }

        /** How many brokers (1..{@link #MAX_BROKERS}, default 3). */
        public int brokers() {
            return brokers;
        }

        /** The first broker's client port (0, the default: free ports). */
        public int port() {
            return port;
        }

        /** The data directory to use and keep, or null for a temporary one deleted by {@link LocalCluster#stop()}. */
        public Path dataDir() {
            return dataDir;
        }

        /** JVM options of each broker process (default {@code -Xmx384m}). */
        public List<String> javaOptions() {
            return javaOptions;
        }

        /** How long {@link LocalCluster#start()} may take (default 120 s). */
        public Duration startTimeout() {
            return startTimeout;
        }

        /** How long the brokers may take to stop cleanly before they are killed (default 60 s). */
        public Duration stopTimeout() {
            return stopTimeout;
        }

        /** Where each broker's output goes, prefixed with {@code [broker <i>]} (default {@code System.err}). */
        public PrintStream output() {
            return output;
        }

        ExitListener onBrokerExit() {
            return onBrokerExit;
        }

        StartListener onBrokerStarted() {
            return onBrokerStarted;
        }

        boolean shutdownHook() {
            return shutdownHook;
        }

        /** Builds {@link Options}. Not thread-safe. */
        public static final class Builder {

            private int brokers = 3;
            private int port;
            private Path dataDir;
            private List<String> javaOptions = List.of("-Xmx384m");
            private Duration startTimeout = Duration.ofSeconds(120);
            private Duration stopTimeout = Duration.ofSeconds(60);
            private PrintStream output = System.err;
            private ExitListener onBrokerExit = (broker, code) -> LOG.warn("{} exited with {}", broker, describeExit(code));
            private StartListener onBrokerStarted = broker -> { };
            private boolean shutdownHook = true;

            private Builder() {
            }

            public Builder brokers(int brokers) {
                if (brokers < 1 || brokers > MAX_BROKERS) {
                    throw new IllegalArgumentException("brokers must be between 1 and " + MAX_BROKERS + ": " + brokers);
                }
                this.brokers = brokers;
                return this;
            }

            /** The first client port (0 = free ports); the cluster uses {@code port .. port + 2 * brokers - 1}. */
            public Builder port(int port) {
                if (port < 0 || port > 65_535) {
                    throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
                }
                this.port = port;
                return this;
            }

            public Builder dataDir(Path dataDir) {
                this.dataDir = dataDir;
                return this;
            }

            public Builder javaOptions(List<String> javaOptions) {
                this.javaOptions = List.copyOf(javaOptions);
                return this;
            }

            public Builder startTimeout(Duration startTimeout) {
                this.startTimeout = positive(startTimeout, "startTimeout");
                return this;
            }

            public Builder stopTimeout(Duration stopTimeout) {
                this.stopTimeout = positive(stopTimeout, "stopTimeout");
                return this;
            }

            public Builder output(PrintStream output) {
                this.output = Objects.requireNonNull(output, "output");
                return this;
            }

            /** Told about each broker that exits once the cluster is ready (not about those {@code stop} stops). */
            public Builder onBrokerExit(ExitListener listener) {
                this.onBrokerExit = Objects.requireNonNull(listener, "listener");
                return this;
            }

            /** Told about each broker process as it is started. */
            public Builder onBrokerStarted(StartListener listener) {
                this.onBrokerStarted = Objects.requireNonNull(listener, "listener");
                return this;
            }

            /** Whether a JVM shutdown hook stops the brokers if the caller does not (default true). */
            public Builder shutdownHook(boolean shutdownHook) {
                this.shutdownHook = shutdownHook;
                return this;
            }

            /**
             * @throws IllegalArgumentException when the ports the cluster needs go past 65535
             */
            public Options build() {
                if (port > 0 && port + 2 * brokers - 1 > 65_535) {
                    throw new IllegalArgumentException("a " + brokers + "-broker cluster needs ports " + port + ".."
                            + (port + 2 * brokers - 1) + " (client ports, then controller ports), past 65535");
                }
                return new Options(this);
            }

            private static Duration positive(Duration value, String name) {
                if (value.isNegative() || value.isZero()) {
                    throw new IllegalArgumentException(name + " must be positive: " + value);
                }
                return value;
            }
        }
    }
}
