package io.mmguard.schemas.serde;

/** Confluent's default TopicNameStrategy: the subject of a topic's keys is {@code <topic>-key}, of its values {@code <topic>-value}. */
public final class SubjectNames {
  private SubjectNames() {}

  /** The subject under which records of {@code topic} register their key or value schema. */
  public static String topicNameStrategy(String topic, boolean isKey) {
    return topic + (isKey ? "-key" : "-value");
  }
}
