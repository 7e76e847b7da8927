package io.mmguard.ops.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer group's lag on some topics: end offset minus committed offset, per partition, through Admin.
 * Under exactly-once the end offset counts the last transaction marker, so a group that has processed
 * everything still lags by up to one per partition.
 */
final class GroupLag {

    private final Admin admin;
    private final String groupId;
    private final List<String> topics;

    GroupLag(Admin admin, String groupId, List<String> topics) {
        this.admin = admin;
        this.groupId = groupId;
        this.topics = List.copyOf(topics);
    }

    String groupId() {
        return groupId;
    }

    /** Lag per partition now (a partition the group never committed lags by its whole end offset). */
    Map<TopicPartition, Long> perPartition() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).forEach((name, description) ->
                    description.partitions().forEach(info -> partitions.add(new TopicPartition(name, info.partition()))));
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, Long> lag = new HashMap<>();
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata offset = committed.get(partition);
                long end = ends.get(partition).offset();
                lag.put(partition, Math.max(0, end - (offset == null ? 0 : offset.offset())));
            }
            return lag;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("bench: cannot read the lag of group " + groupId + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("bench: interrupted reading the lag of group " + groupId, e);
        }
    }

    /** Total lag now. */
    long total() {
        return perPartition().values().stream().mapToLong(Long::longValue).sum();
    }

    /** True when no partition lags by more than one record (a transaction marker). */
    boolean caughtUp() {
        return perPartition().values().stream().allMatch(lag -> lag <= 1);
    }
}
