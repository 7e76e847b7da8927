package io.mmguard.ops;

import io.mmguard.core.topics.TopicLayout;
import io.mmguard.core.topics.TopicProvisioner;
import io.mmguard.core.topics.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bin/mm topics}: creates every topic of the design that does not exist yet (partitions, retention, compaction). */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Creates the missing topics of the design (mm.md.book.<venue>, mm.quotes, mm.control, ...) with their"
                + " partitions, retention and compaction; existing topics are left as they are.")
final class TopicsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--bootstrap", required = true, description = "Kafka brokers, e.g. kafka-1:9092,kafka-2:9092")
    private String bootstrap;

    @Option(names = "--partitions", defaultValue = "3", description = "partitions of the symbol-keyed topics (default: ${DEFAULT-VALUE})")
    private int partitions;

    @Option(names = "--replication-factor", defaultValue = "-1",
            description = "replication factor (default: the broker's default.replication.factor)")
    private short replicationFactor;

    @Option(names = "--venues", defaultValue = "sim", split = ",", description = "venues with a book topic (default: ${DEFAULT-VALUE})")
    private List<String> venues;

    @Override
    public Integer call() throws Exception {
        if (partitions < 1 || partitions > 1000) {
            throw new ParameterException(spec.commandLine(), "--partitions " + partitions + " is out of range (1..1000)");
        }
        if (replicationFactor == 0 || replicationFactor < -1) {
            throw new ParameterException(spec.commandLine(), "--replication-factor " + replicationFactor
                    + " must be >= 1 (or -1 for the broker default)");
        }
        List<TopicSpec> specs = TopicLayout.all(venues, partitions);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            List<String> created = new TopicProvisioner(admin, replicationFactor).provision(specs);
            for (TopicSpec topic : specs) {
                System.out.println((created.contains(topic.name()) ? "created " : "exists  ") + topic.name() + " partitions="
                        + topic.partitions() + " " + topic.configs());
            }
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("mm topics: " + e.getMessage() + " (bootstrap " + bootstrap + ")");
            return 1;
        }
        return 0;
    }
}
