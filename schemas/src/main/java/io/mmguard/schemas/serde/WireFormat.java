package io.mmguard.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent's Avro wire format: byte 0 is the magic byte 0x00, bytes 1-4 are the schema id
 * (big-endian int), and the rest is the Avro binary encoding of one record.
 */
public final class WireFormat {
  /** Value of byte 0. */
  public static final byte MAGIC_BYTE = 0x00;
  /** Magic byte plus 4-byte schema id. */
  public static final int HEADER_LENGTH = 5;

  private static final String EXPECTED = "expected magic byte 0x00 followed by a 4-byte schema id";

  private WireFormat() {}

  /** Writes the 5-byte header for {@code schemaId} into a fresh array of {@code HEADER_LENGTH} bytes. */
  static byte[] header(int schemaId) {
    return ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC_BYTE).putInt(schemaId).array();
  }

  /**
   * Reads the schema id of a payload, refusing anything that is not in the wire format.
   *
   * @throws SerializationException naming the topic, what was found and what was expected
   */
  static int schemaId(String topic, byte[] payload) {
    String prefix = topicPrefix(topic) + "record is not in Confluent Avro wire format: ";
    if (payload.length == 0) {
      throw new SerializationException(prefix + "it is empty (0 bytes), " + EXPECTED + " and an Avro body");
    }
    if (payload[0] != MAGIC_BYTE) {
      throw new SerializationException(
          prefix + "first byte is " + describeByte(payload[0]) + ", " + EXPECTED + looksLike(payload[0]));
    }
    if (payload.length < HEADER_LENGTH) {
      throw new SerializationException(prefix + "it is only " + payload.length + " byte"
          + (payload.length == 1 ? "" : "s") + " long, " + EXPECTED + " and an Avro body");
    }
    return ByteBuffer.wrap(payload, 1, 4).getInt();
  }

  /** "topic: " for messages; tolerates the null topic some callers pass. */
  static String topicPrefix(String topic) {
    return (topic == null ? "(no topic)" : topic) + ": ";
  }

  private static String describeByte(byte b) {
    int unsigned = b & 0xFF;
    String hex = String.format("0x%02x", unsigned);
    return unsigned >= 0x20 && unsigned < 0x7F ? hex + " ('" + (char) unsigned + "')" : hex;
  }

  private static String looksLike(byte first) {
    return first == '{' || first == '[' ? " (the payload looks like JSON text)" : "";
  }
}
