package io.mmguard.audit;

import io.mmguard.core.replay.Derived;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.Topics;
import io.mmguard.quoter.QuoterConfig;
import io.mmguard.quoter.QuoterReplay;
import io.mmguard.schemas.BookUpdate;
import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.Position;
import io.mmguard.schemas.Provenance;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.QuoteDenial;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The quoter's part: every book update in the range is quoted again by the quoter's code, with the
 * parameters of the control version, the instrument version and the position version its recorded quote or denial names.
 * The quoter keeps no state between book updates, so no warm-up is needed and the updates can be
 * replayed in control-version order.
 */
final class QuoterAudit {

    static final String SERVICE = "quoter";
    static final String UNDECODABLE_BOOK = "book updates that cannot be decoded";

    private QuoterAudit() {
    }

    private record Task(long controlOffset, Rec book, BookUpdate update, Instrument instrument, Long processedAt,
                        Position position) {
    }

    /** Registers the recorded quotes and denials, and returns one replay job per book partition. */
    static List<Runnable> jobs(RecordedLog log, Topics topics, QuoterConfig config, ControlLog control, InstrumentHistory instruments,
                               Comparison comparison, Lags lags, Exclusions exclusions) {
        exclusions.declare(UNDECODABLE_BOOK, "the quoter cannot read them either: they went to mm.dlq with the error in the headers");
        Map<String, Provenance> recordedByInput = new HashMap<>();
        index(log.records(TopicNames.QUOTES), topics.quotes().valueSerde().deserializer(), comparison, recordedByInput);
        index(log.records(TopicNames.QUOTES_DENIED), topics.quotesDenied().valueSerde().deserializer(), comparison, recordedByInput);
        Map<String, Map<Long, Position>> positions = positions(log, topics);
        List<Runnable> jobs = new ArrayList<>();
        for (String topic : log.topicsMatching(TopicNames.BOOK_PATTERN)) {
            for (int partition : log.partitions(topic)) {
                List<Rec> books = log.records(topic, partition);
                jobs.add(() -> replay(books, topics, config, control, instruments, positions, recordedByInput, comparison, lags,
                        exclusions));
            }
        }
        return jobs;
    }

    /** Every readable mm.positions record still on the topic: symbol -> version -> position (the quoter's skew input). */
    private static Map<String, Map<Long, Position>> positions(RecordedLog log, Topics topics) {
        Map<String, Map<Long, Position>> bySymbol = new HashMap<>();
        Deserializer<Position> deserializer = topics.positions().valueSerde().deserializer();
        for (Rec rec : log.records(TopicNames.POSITIONS)) {
            Position position;
            try {
                position = deserializer.deserialize(rec.topic(), rec.value());
            } catch (RuntimeException e) {
                continue; // the quoter could not read it either: it quoted that symbol without skew (a recorded null version)
            }
            if (position != null) {
                bySymbol.computeIfAbsent(position.getSymbol(), symbol -> new HashMap<>()).put(position.getVersion(), position);
            }
        }
        return bySymbol;
    }

    private static void replay(List<Rec> books, Topics topics, QuoterConfig config, ControlLog control, InstrumentHistory instruments,
                               Map<String, Map<Long, Position>> positions, Map<String, Provenance> recordedByInput,
                               Comparison comparison, Lags lags, Exclusions exclusions) {
        List<Task> tasks = new ArrayList<>();
        Deserializer<BookUpdate> deserializer = topics.books().valueSerde().deserializer();
        for (Rec rec : books) {
            if (!comparison.inRange(rec.timestamp())) {
                continue;
            }
            BookUpdate update;
            try {
                update = deserializer.deserialize(rec.topic(), rec.value());
            } catch (RuntimeException e) {
                exclusions.count(UNDECODABLE_BOOK);
                continue;
            }
            if (update == null) {
                exclusions.count(UNDECODABLE_BOOK);
                continue;
            }
            String symbol = update.getSymbol();
            Provenance recorded = recordedByInput.get(rec.ref());
            InstrumentHistory.Entry newest = instruments.latestAt(symbol, rec.timestamp());
            Instrument instrument;
            long controlOffset;
            if (recorded != null) {
                controlOffset = recorded.getControlVersion() - 1;
                Long version = recorded.getInstrumentVersion();
                instrument = version == null ? null : instruments.version(symbol, version);
                if (version != null && instrument == null) {
                    comparison.cannotDerive(rec, SERVICE, "the quote of " + rec.ref() + " used " + symbol + " instrument version "
                            + version + ", which is no longer on " + TopicNames.INSTRUMENTS + " (compacted away)");
                    continue;
                }
                if (newest != null && newest.instrument() != null && (version == null || newest.instrument().getVersion() > version)) {
                    lags.add("instruments (quoter)", rec.timestamp(), rec.timestamp() - newest.rec().timestamp(), rec.ref());
                }
            } else {
                controlOffset = control.lastOffsetAtOrBefore(rec.timestamp());
                instrument = newest == null ? null : newest.instrument();
            }
            // the quoter's wall-clock stamp is a recorded input: the replay uses it, not a clock of its own
            Long processedAt = recorded == null || recorded.getProcessedAt() == null ? null : recorded.getProcessedAt().toEpochMilli();
            // so is the position version its skew used (the global store's copy when the book came): re-derived with it
            Position position = null;
            Long positionVersion = recorded == null ? null : recorded.getPositionVersion();
            if (positionVersion != null) {
                position = positions.getOrDefault(symbol, Map.of()).get(positionVersion);
                if (position == null) {
                    comparison.cannotDerive(rec, SERVICE, "the quote of " + rec.ref() + " used " + symbol + " position version "
                            + positionVersion + ", which is not on " + TopicNames.POSITIONS + " (compacted away, or not written)");
                    continue;
                }
            }
            tasks.add(new Task(controlOffset, rec, update, instrument, processedAt, position));
        }
        tasks.sort(Comparator.comparingLong(Task::controlOffset));
        QuoterReplay replay = new QuoterReplay(config, topics);
        ControlLog.Cursor cursor = control.new Cursor((rec, command) -> {
            if (command != null) {
                replay.foldControl(rec.key(), command, rec.offset(), rec.timestamp());
            }
        });
        for (Task task : tasks) {
            cursor.foldThrough(task.controlOffset());
            Rec rec = task.book();
            Derived derived = replay.derive(rec.key(), task.update(), task.instrument(), rec.topic(), rec.partition(), rec.offset(),
                    rec.timestamp(), task.processedAt(), task.position());
            comparison.expect(SERVICE, derived, rec.ref());
        }
    }

    private static <T extends SpecificRecord> void index(List<Rec> records, Deserializer<T> deserializer, Comparison comparison,
                                                         Map<String, Provenance> byInput) {
        for (Rec rec : records) {
            T value;
            try {
                value = deserializer.deserialize(rec.topic(), rec.value());
            } catch (RuntimeException e) {
                if (comparison.inRange(rec.timestamp())) {
                    comparison.unreadable(rec, SERVICE, "recorded " + rec.ref() + " cannot be decoded: " + e.getMessage());
                }
                continue;
            }
            if (value == null) {
                continue;
            }
            comparison.recorded(rec, value);
            Provenance provenance = value instanceof Quote quote ? quote.getProvenance() : ((QuoteDenial) value).getProvenance();
            if (provenance != null) {
                byInput.putIfAbsent(Rec.ref(provenance.getInputTopic(), provenance.getInputPartition(), provenance.getInputOffset()),
                        provenance);
            }
        }
    }
}
