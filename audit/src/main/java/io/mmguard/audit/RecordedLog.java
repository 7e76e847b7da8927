package io.mmguard.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every committed record of the audited topics, read once from the earliest retained offset to the end
 * offsets as they stood when the audit started (read_committed: aborted transactions are invisible, as they
 * are to the services). Records stay as bytes until a replay or comparison decodes them.
 */
final class RecordedLog {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Map<TopicPartition, List<Rec>> records;
    private final Map<TopicPartition, Long> earliest;

    private RecordedLog(Map<TopicPartition, List<Rec>> records, Map<TopicPartition, Long> earliest) {
        this.records = records;
        this.earliest = earliest;
    }

    /**
     * Reads {@code topics} plus every topic matching {@code patterns} from {@code bootstrap}.
     *
     * @throws KafkaUnreachableException when the cluster does not answer within {@code timeout}
     */
    static RecordedLog read(String bootstrap, Collection<String> topics, Collection<Pattern> patterns, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 * 1024 * 1024));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "mm-audit");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            Map<String, List<PartitionInfo>> all;
            try {
                all = consumer.listTopics(timeout);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                throw new KafkaUnreachableException("no answer from Kafka at " + bootstrap + " within " + timeout.toSeconds()
                        + " s (is the broker running and the address right?)");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            all.forEach((topic, infos) -> {
                if (topics.contains(topic) || patterns.stream().anyMatch(p -> p.matcher(topic).matches())) {
                    infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
                }
            });
            consumer.assign(partitions);
            Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions, timeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, List<Rec>> records = new HashMap<>();
            partitions.forEach(tp -> records.put(tp, new ArrayList<>()));
            List<TopicPartition> open = new ArrayList<>(partitions);
            open.removeIf(tp -> end.get(tp) <= start.get(tp));
            consumer.pause(partitions.stream().filter(tp -> !open.contains(tp)).toList());
            while (!open.isEmpty()) {
                ConsumerRecords<String, byte[]> batch = consumer.poll(POLL);
                for (ConsumerRecord<String, byte[]> record : batch) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < end.get(tp)) {
                        records.get(tp).add(new Rec(record.topic(), record.partition(), record.offset(), record.timestamp(),
                                record.key(), record.value()));
                    }
                }
                List<TopicPartition> done = open.stream().filter(tp -> consumer.position(tp) >= end.get(tp)).toList();
                if (!done.isEmpty()) {
                    open.removeAll(done);
                    consumer.pause(done);
                }
            }
            return new RecordedLog(records, start);
        }
    }

    /**
     * The log cut after the last record at or before {@code to} in each partition: what a replay up to {@code to}
     * feeds the services (later records with earlier timestamps before the cut stay, as the services saw them).
     * Topics in {@code uncut} stay whole: global inputs are folded to the version each derived record names, which
     * may come from a command recorded after {@code to}.
     */
    RecordedLog upTo(long to, Collection<String> uncut) {
        Map<TopicPartition, List<Rec>> cut = new HashMap<>();
        records.forEach((tp, list) -> {
            if (uncut.contains(tp.topic())) {
                cut.put(tp, list);
                return;
            }
            int end = 0;
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).timestamp() <= to) {
                    end = i + 1;
                }
            }
            cut.put(tp, list.subList(0, end));
        });
        return new RecordedLog(cut, earliest);
    }

    /** The partitions of {@code topic} that were read, in partition order. */
    List<Integer> partitions(String topic) {
        return records.keySet().stream().filter(tp -> tp.topic().equals(topic)).map(TopicPartition::partition).sorted().toList();
    }

    /** The topics read whose name matches {@code pattern}, sorted. */
    List<String> topicsMatching(Pattern pattern) {
        return records.keySet().stream().map(TopicPartition::topic).filter(t -> pattern.matcher(t).matches()).distinct().sorted()
                .toList();
    }

    /** One partition's records, in offset order (empty when the partition was not read). */
    List<Rec> records(String topic, int partition) {
        return records.getOrDefault(new TopicPartition(topic, partition), List.of());
    }

    /** Every record of {@code topic}, partition by partition, each in offset order. */
    List<Rec> records(String topic) {
        List<Rec> all = new ArrayList<>();
        partitions(topic).forEach(p -> all.addAll(records(topic, p)));
        return all;
    }

    long earliest(String topic, int partition) {
        return earliest.getOrDefault(new TopicPartition(topic, partition), 0L);
    }

    /** Per topic-partition, sorted: for the report's input table. */
    Map<TopicPartition, List<Rec>> all() {
        Map<TopicPartition, List<Rec>> sorted = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::topic)
                .thenComparing(TopicPartition::partition));
        sorted.putAll(records);
        return sorted;
    }
}
