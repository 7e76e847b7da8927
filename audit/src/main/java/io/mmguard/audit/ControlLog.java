package io.mmguard.audit;

import io.mmguard.schemas.ControlCommand;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * mm.control as recorded (one partition: the total order of commands), decoded once. A replay folds it
 * into a service's control state through a {@link Cursor}, up to the offset a recorded record names.
 */
final class ControlLog {

    private final List<Rec> records;
    private final ControlCommand[] commands;

    ControlLog(List<Rec> records, Deserializer<ControlCommand> deserializer) {
        this.records = records;
        this.commands = new ControlCommand[records.size()];
        for (int i = 0; i < records.size(); i++) {
            try {
                commands[i] = records.get(i).value() == null ? null : deserializer.deserialize(records.get(i).topic(), records.get(i).value());
            } catch (RuntimeException e) {
                commands[i] = null;
            }
        }
    }

    List<Rec> records() {
        return records;
    }

    /** The decoded command of record {@code index}, or null when it cannot be read. */
    ControlCommand command(int index) {
        return commands[index];
    }

    /** The highest offset whose record time is at or before {@code ts}, or -1. */
    long lastOffsetAtOrBefore(long ts) {
        long last = -1;
        for (Rec rec : records) {
            if (rec.timestamp() <= ts) {
                last = rec.offset();
            }
        }
        return last;
    }

    /** What a fold does with one record. */
    interface Fold {
        void apply(Rec rec, ControlCommand command);
    }

    /** A position in the log that only moves forward. */
    final class Cursor {
        private int next;
        private final Fold fold;

        Cursor(Fold fold) {
            this.fold = fold;
        }

        /** Folds every record up to and including {@code offset}; false when the fold is already past it. */
        boolean foldThrough(long offset) {
            if (next > 0 && records.get(next - 1).offset() > offset) {
                return false;
            }
            while (next < records.size() && records.get(next).offset() <= offset) {
                fold.apply(records.get(next), commands[next]);
                next++;
            }
            return true;
        }

        /** Folds the next record; false at the end of the log. */
        boolean foldNext() {
            if (next >= records.size()) {
                return false;
            }
            fold.apply(records.get(next), commands[next]);
            next++;
            return true;
        }
    }
}
