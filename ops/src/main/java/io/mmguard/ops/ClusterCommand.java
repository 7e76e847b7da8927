package io.mmguard.ops;

import io.mmguard.kafka.embedded.BrokerStartException;
import io.mmguard.kafka.embedded.LocalCluster;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bin/mm cluster}: a local KRaft cluster of broker processes on 127.0.0.1, the deployed shape (three combined
 * broker+controller nodes, replication factor 3, min.insync.replicas 2) without Docker, in the foreground.
 *
 * <p>Stdout carries exactly one line, {@code bootstrap 127.0.0.1:p1,127.0.0.1:p2,...}, once every broker is ready, so
 * a script can read it; everything else (each broker's pid, the brokers' own logs, broker exits) goes to stderr. A
 * broker that dies (for instance {@code kill -9} of its pid, to test broker loss) is reported with its node id, port
 * and exit code and is not restarted; the command keeps running with the others. Ctrl-C or SIGTERM stops every broker
 * cleanly and exits 0. See {@link LocalCluster} for the layout, the quorum and the replication settings.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"Runs a local Kafka cluster of broker processes (KRaft, each node a broker and a controller) on"
                + " 127.0.0.1 in the foreground: the deployed shape without Docker. Prints one line, bootstrap"
                + " 127.0.0.1:p1,..., on stdout once every broker is ready; logs and each broker's pid go to stderr.",
                "Replication factor 3 for new and internal topics and min.insync.replicas 2 (with fewer than 3 brokers: N"
                        + " and N-1, at least 1), so acks=all writes survive the loss of one broker. A broker that exits is"
                        + " reported (node id, port, exit code) and not restarted; the others keep running.",
                "Ctrl-C or SIGTERM stops every broker and exits 0; the data directory is deleted unless --data was given."
                        + " Exit 2: refused (bad option, port in use, --data of another cluster); 1: a broker failed to"
                        + " start, or every broker has exited. Broker JVM options: $" + ClusterCommand.JAVA_OPTS_ENV
                        + " (default " + ClusterCommand.DEFAULT_JAVA_OPTS + ")."})
final class ClusterCommand implements Callable<Integer> {

    static final String JAVA_OPTS_ENV = "MM_BROKER_JAVA_OPTS";
    static final String DEFAULT_JAVA_OPTS = "-Xmx384m";

    @Spec
    private CommandSpec spec;

    @Option(names = "--brokers", defaultValue = "3",
            description = "broker processes, 1.." + LocalCluster.MAX_BROKERS + " (default: ${DEFAULT-VALUE})")
    private int brokers;

    @Option(names = "--port", defaultValue = "0",
            description = "client port of broker 1; broker i gets P+i-1 and its controller P+N+i-1, so the cluster uses"
                    + " P..P+2N-1 (default: free ports)")
    private int port;

    @Option(names = "--data", paramLabel = "DIR",
            description = "keep the brokers' storage in DIR and reuse it on the next run with the same --data (topics,"
                    + " offsets and cluster id survive; pass the same --port for the same bootstrap). Default: a temporary"
                    + " directory deleted on exit")
    private Path data;

    @Override
    public Integer call() throws Exception {
        LocalCluster.Options options = options();
        PrintStream out = System.out;
        PrintStream err = System.err;
        CountDownLatch stop = new CountDownLatch(1);
        AtomicBoolean signalled = new AtomicBoolean();
        AtomicBoolean allExited = new AtomicBoolean();
        AtomicReference<LocalCluster> started = new AtomicReference<>();

        LocalCluster cluster;
        try {
            cluster = LocalCluster.create(LocalCluster.Options.builder()
                    .brokers(options.brokers()).port(options.port()).dataDir(options.dataDir())
                    .javaOptions(options.javaOptions()).output(err)
                    .onBrokerStarted(broker -> err.println("mm cluster: broker " + broker.nodeId() + " pid " + broker.pid()
                            + " " + broker.address() + " (controller 127.0.0.1:" + broker.controllerPort() + ")"))
                    .onBrokerExit((broker, exitCode) -> {
                        LocalCluster running = started.get();
                        // a terminal's Ctrl-C reaches the brokers too (same process group): their exits are the stop
                        if (running != null && !signalled.get()) {
                            reportExit(err, running, broker, exitCode, allExited, stop);
                        }
                    })
                    .build());
        } catch (BrokerStartException e) {
            err.println("mm cluster: " + e.getMessage());
            return 2;
        }
        started.set(cluster);
        StopSignals.onStop("mm-cluster", () -> {
            signalled.set(true);
            String thread = Thread.currentThread().getName(); // StopSignals names it after the signal
            String signal = thread.contains("-on-SIG") ? " on " + thread.substring(thread.indexOf("-on-") + 4) : "";
            err.println("mm cluster: stopping " + cluster.running().size() + " broker(s)" + signal);
            stop.countDown();
            cluster.stop(); // also interrupts a start still in progress
        });

        err.println("mm cluster: data directory " + cluster.dataDir() + (cluster.temporaryDataDir()
                ? " (temporary: removed on exit; keep it with --data DIR)"
                : cluster.freshlyFormatted() ? " (formatted now; kept on exit)" : " (reused from a previous run; kept on exit)")
                + ", cluster id " + cluster.clusterId());
        err.println("mm cluster: starting " + brokers + " broker process(es), each a KRaft broker and controller;"
                + " replication factor " + cluster.replicationFactor() + ", min.insync.replicas " + cluster.minInsyncReplicas());
        long startedAt = System.nanoTime();
        try {
            cluster.start();
        } catch (BrokerStartException e) {
            if (signalled.get()) {
                printStopped(err, cluster.stop(), cluster.temporaryDataDir() ? null : cluster.dataDir());
                return 0;
            }
            err.println("mm cluster: " + e.getMessage());
            return 1;
        }
        err.println("mm cluster: ready in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt) + " ms; Ctrl-C"
                + " stops every broker. To test broker loss, kill -9 a broker's pid: it is reported here and not restarted.");
        out.println("bootstrap " + cluster.bootstrapServers());
        out.flush();

        stop.await();
        printStopped(err, cluster.stop(), cluster.temporaryDataDir() ? null : cluster.dataDir());
        return allExited.get() && !signalled.get() ? 1 : 0;
    }

    private LocalCluster.Options options() {
        if (brokers < 1 || brokers > LocalCluster.MAX_BROKERS) {
            throw new ParameterException(spec.commandLine(), "--brokers " + brokers + " is out of range (1.."
                    + LocalCluster.MAX_BROKERS + " broker processes on this machine)");
        }
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port " + port + " is not a TCP port (1..65535, or 0 for free ports)");
        }
        String javaOptions = System.getenv().getOrDefault(JAVA_OPTS_ENV, DEFAULT_JAVA_OPTS).trim();
        try {
            return LocalCluster.Options.builder().brokers(brokers).port(port).dataDir(data)
                    .javaOptions(javaOptions.isEmpty() ? List.of() : Arrays.asList(javaOptions.split("\\s+")))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--port " + port + ": " + e.getMessage());
        }
    }

    private static void reportExit(PrintStream err, LocalCluster cluster, LocalCluster.Broker broker, int exitCode,
                                   AtomicBoolean allExited, CountDownLatch stop) {
        int total = cluster.brokers().size();
        List<LocalCluster.Broker> running = cluster.running();
        StringBuilder message = new StringBuilder("mm cluster: broker ").append(broker.nodeId()).append(" (pid ")
                .append(broker.pid()).append(", ").append(broker.address()).append(") exited with ")
                .append(LocalCluster.describeExit(exitCode)).append("; it is not restarted. ").append(running.size())
                .append(" of ").append(total).append(" brokers still running");
        if (running.isEmpty()) {
            err.println(message.append(": every broker has exited, stopping (exit 1)"));
            allExited.set(true);
            stop.countDown();
            return;
        }
        message.append(" (").append(running.stream().map(b -> Integer.toString(b.nodeId())).collect(Collectors.joining(", ")))
                .append("). ");
        int minIsr = cluster.minInsyncReplicas();
        if (running.size() >= minIsr) {
            message.append("acks=all writes go on (min.insync.replicas ").append(minIsr).append(")");
        } else {
            message.append("acks=all writes to topics with ").append(cluster.replicationFactor())
                    .append(" replicas now fail with NOT_ENOUGH_REPLICAS (min.insync.replicas ").append(minIsr).append(")");
        }
        int majority = total / 2 + 1;
        if (running.size() < majority) {
            message.append("; the controller quorum has lost its majority (").append(running.size()).append(" of ")
                    .append(total).append(" voters): no leader elections or topic changes until brokers return");
        }
        message.append(". To get it back: Ctrl-C, then run bin/mm cluster again (with --data DIR the topics survive).");
        err.println(message);
    }

    private static void printStopped(PrintStream err, LocalCluster.StopReport report, Path kept) {
        StringBuilder line = new StringBuilder("mm cluster: stopped ").append(report.stopped().size()).append(" broker(s) in ")
                .append(report.took().toMillis()).append(" ms");
        if (!report.killed().isEmpty()) {
            line.append("; killed ").append(report.killed()).append(" after they did not stop cleanly");
        }
        line.append(report.dataDirDeleted() ? "; removed the data directory" : "");
        if (kept != null) {
            line.append("; kept the data directory ").append(kept).append(" (run again with --data ").append(kept)
                    .append(" to reuse it)");
        }
        err.println(line);
        err.flush();
    }
}
