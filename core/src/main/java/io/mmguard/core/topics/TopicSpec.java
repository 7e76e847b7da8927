package io.mmguard.core.topics;

import java.util.Map;

/**
 * How one topic is provisioned.
 *
 * @param name       topic name
 * @param partitions partition count
 * @param configs    topic-level configs (retention, compaction)
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {

    public TopicSpec {
        configs = Map.copyOf(configs);
    }
}
