package io.mmguard.canary.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/**
 * The controller's own compact binary encodings (the internal observation topic and the state store), built on
 * {@link DataOutputStream}: strings and decimals may be null; decimals travel as their exact string form.
 */
public final class Wire {

    private Wire() {
    }

    /** Writes a value with {@code writer} and returns the bytes. */
    public static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads a value with {@code reader}. */
    public static <T> T read(byte[] bytes, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return reader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode " + bytes.length + " bytes: " + e.getMessage(), e);
        }
    }

    public static void string(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    public static String string(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    public static void decimal(DataOutputStream out, BigDecimal value) throws IOException {
        string(out, value == null ? null : value.toString());
    }

    public static BigDecimal decimal(DataInputStream in) throws IOException {
        String text = string(in);
        return text == null ? null : new BigDecimal(text);
    }

    public static void longValue(DataOutputStream out, long value) throws IOException {
        out.writeLong(value);
    }

    /** Writes to a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    /** Reads from a stream. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }
}
