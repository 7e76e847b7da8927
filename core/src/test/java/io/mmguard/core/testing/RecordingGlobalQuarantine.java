package io.mmguard.core.testing;

import io.mmguard.core.runtime.GlobalQuarantine;
import io.mmguard.schemas.Alert;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/** A {@link GlobalQuarantine} for topology tests: keeps each dead letter and alert the global thread sent. */
public final class RecordingGlobalQuarantine implements GlobalQuarantine {

    /** One quarantined global record. */
    public record Quarantined(ProducerRecord<byte[], byte[]> deadLetter, Alert alert) {

        /** The dead letter's header {@code name} as text, or null. */
        public String header(String name) {
            Header header = deadLetter.headers().lastHeader(name);
            return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    }

    private final List<Quarantined> published = new CopyOnWriteArrayList<>();

    @Override
    public void publish(ProducerRecord<byte[], byte[]> deadLetter, Alert alert) {
        published.add(new Quarantined(deadLetter, alert));
    }

    /** Everything sent so far, oldest first. */
    public List<Quarantined> published() {
        return List.copyOf(published);
    }
}
