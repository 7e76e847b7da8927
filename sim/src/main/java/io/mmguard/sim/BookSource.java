package io.mmguard.sim;

import io.mmguard.schemas.BookUpdate;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;

/** Where the feed's book updates come from: the synthetic market or a recording. */
public interface BookSource {

    /** The updates to publish now (possibly none). */
    List<BookUpdate> next(Instant now);

    /** True once a finite source has nothing more. */
    boolean exhausted();

    /** The seeded synthetic market. */
    static BookSource synthetic(SyntheticBook book) {
        return new BookSource() {
            @Override
            public List<BookUpdate> next(Instant now) {
                return book.next(now);
            }

            @Override
            public boolean exhausted() {
                return false;
            }
        };
    }

    /** A recording, one update per call, with its recorded timestamps. */
    static BookSource recorded(List<BookUpdate> updates) {
        Iterator<BookUpdate> remaining = List.copyOf(updates).iterator();
        return new BookSource() {
            @Override
            public List<BookUpdate> next(Instant now) {
                return remaining.hasNext() ? List.of(remaining.next()) : List.of();
            }

            @Override
            public boolean exhausted() {
                return !remaining.hasNext();
            }
        };
    }
}
