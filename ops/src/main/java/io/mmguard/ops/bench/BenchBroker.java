package io.mmguard.ops.bench;

import io.mmguard.core.topics.TopicLayout;
import io.mmguard.core.topics.TopicProvisioner;
import io.mmguard.kafka.embedded.EmbeddedKafka;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** A fresh embedded broker on a free port with the design's topics (and any extra ones), and an Admin client on it. */
final class BenchBroker implements AutoCloseable {

    private final EmbeddedKafka kafka;
    private final Admin admin;

    private BenchBroker(EmbeddedKafka kafka, Admin admin) {
        this.kafka = kafka;
        this.admin = admin;
    }

    /** Starts a broker and creates {@link TopicLayout#all} for the bench venue plus {@code extraTopics} (3 partitions each). */
    static BenchBroker start(List<String> extraTopics) throws InterruptedException {
        return start(extraTopics, TopicLayout.DEFAULT_PARTITIONS);
    }

    /** Starts a broker and creates {@link TopicLayout#all} and {@code extraTopics} with {@code partitions} per symbol-keyed topic. */
    static BenchBroker start(List<String> extraTopics, int partitions) throws InterruptedException {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "mm-bench-admin"));
        try {
            new TopicProvisioner(admin, (short) 1).provision(TopicLayout.all(List.of(BenchMarket.VENUE), partitions));
            if (!extraTopics.isEmpty()) {
                admin.createTopics(extraTopics.stream().map(name -> new NewTopic(name, partitions, (short) 1)).toList())
                        .all().get();
            }
        } catch (ExecutionException | RuntimeException e) {
            admin.close();
            kafka.close();
            throw new IllegalStateException("bench: cannot create the topics: " + e.getMessage(), e);
        }
        return new BenchBroker(kafka, admin);
    }

    String bootstrap() {
        return kafka.bootstrapServers();
    }

    Admin admin() {
        return admin;
    }

    @Override
    public void close() {
        admin.close();
        kafka.close();
    }
}
