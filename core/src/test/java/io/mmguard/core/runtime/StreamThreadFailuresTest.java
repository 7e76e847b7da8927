package io.mmguard.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamThreadFailuresTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void theFirstFailuresReplaceTheThreadAndTheOneAfterTheBudgetShutsTheServiceDown() {
        StreamThreadFailures failures = new StreamThreadFailures(3, 600_000);

        assertThat(failures.onFailure(0)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(failures.onFailure(SECOND)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(failures.onFailure(2 * SECOND)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(failures.onFailure(3 * SECOND)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(failures.recent()).isEqualTo(3);
    }

    @Test
    void replacementsOlderThanTheWindowNoLongerCount() {
        StreamThreadFailures failures = new StreamThreadFailures(2, 60_000);
        failures.onFailure(0);
        failures.onFailure(10 * SECOND);

        assertThat(failures.onFailure(59 * SECOND)).as("both replacements within 60 s").isEqualTo(
                StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(failures.onFailure(60 * SECOND)).as("the first left the window exactly at 60 s").isEqualTo(
                StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(failures.recent()).isEqualTo(2);
    }

    @Test
    void aBudgetOfZeroShutsDownAtTheFirstFailureAsBefore() {
        assertThat(new StreamThreadFailures(0, 1).onFailure(0)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void aNegativeBudgetOrAnEmptyWindowIsRefusedWithBothValues() {
        assertThatThrownBy(() -> new StreamThreadFailures(-1, 1000)).hasMessageContaining("-1 and 1000");
        assertThatThrownBy(() -> new StreamThreadFailures(1, 0)).hasMessageContaining("1 and 0");
    }
}
