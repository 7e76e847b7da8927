package io.mmguard.canary.slo;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmguard.canary.store.FakeStateStore;
import io.mmguard.schemas.Side;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SloWindowsTest {

    private static final SloThresholds SEED = new SloThresholds(new BigDecimal("0.10"), new BigDecimal("0.995"), new BigDecimal("250"),
            new BigDecimal("0.50"), new BigDecimal("5000"), new BigDecimal("100000"));
    private static final long MINUTE = 60_000;

    private final FakeStateStore store = new FakeStateStore();
    private final SloWindows windows = new SloWindows(Duration.ofMinutes(5), SEED, MinSamples.SEED_DEFAULTS, store);

    @Test
    void aFiveMinuteWindowHasThirtyTenSecondSlotsAndSamplesLeaveItAfterFiveMinutes() {
        assertThat(windows.slotMs()).isEqualTo(10_000);
        for (int i = 0; i < 200; i++) {
            windows.advanceTo(i * 100L);
            windows.recordCancel(i * 100L, 400);
        }
        assertThat(windows.reading(SloKind.CANCEL_P99).verdict()).isEqualTo(Verdict.FAIL);

        windows.advanceTo(5 * MINUTE + 20_000);

        assertThat(windows.reading(SloKind.CANCEL_P99).samples()).isZero();
        assertThat(windows.reading(SloKind.CANCEL_P99).verdict()).isEqualTo(Verdict.INSUFFICIENT);
        assertThat(store.entries()).as("the slots that left the window left the store").isEmpty();
    }

    @Test
    void fewerSamplesThanTheMinimumIsNeitherAPassNorAFailure() {
        for (int i = 0; i < 99; i++) {
            windows.advanceTo(i);
            windows.recordErrBp(i, new BigDecimal("5"));
        }
        assertThat(windows.reading(SloKind.ERR_BP_P99).verdict()).isEqualTo(Verdict.INSUFFICIENT);
        assertThat(windows.reading(SloKind.ERR_BP_P99).value()).as("shown, but not yet a verdict").isBetween(5.0, 5.0 * BucketLayout.GROWTH);

        windows.recordErrBp(99, new BigDecimal("5"));

        assertThat(windows.reading(SloKind.ERR_BP_P99).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void aTwoHundredOrderWindowWithOneRejectIsExactlyNinetyNinePointFivePercentAndFails() {
        for (int i = 0; i < 199; i++) {
            windows.advanceTo(i);
            windows.recordNewOrder(i, true, null);
        }
        windows.recordNewOrder(199, false, -1013);

        SloReading reading = windows.reading(SloKind.NEW_ORDER_2XX);
        assertThat(reading.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(reading.shown()).isEqualTo("99.50%");
        assertThat(windows.rejectsByCode()).isEqualTo(Map.of(-1013, 1L));

        windows.recordNewOrder(200, true, null);
        assertThat(windows.reading(SloKind.NEW_ORDER_2XX).verdict()).as("200 of 201 is 99.502%").isEqualTo(Verdict.PASS);
    }

    @Test
    void oneBadSideFailsSlippageEvenWhenBothSidesTogetherPass() {
        for (int i = 0; i < 400; i++) {
            windows.advanceTo(i);
            windows.recordSlippage(i, Side.BUY, 0);
        }
        for (int i = 0; i < 21; i++) {
            windows.recordSlippage(400, Side.SELL, 0.8);
        }

        SloReading reading = windows.reading(SloKind.SLIPPAGE_P95);
        assertThat(reading.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(reading.value()).isBetween(0.8, 0.8 * BucketLayout.GROWTH);
        assertThat(windows.slippageP95(Side.BUY)).isLessThan(0.001);
    }

    @Test
    void aSampleOlderThanTheWindowIsCountedAsLateAndDropped() {
        windows.advanceTo(10 * MINUTE);

        windows.recordCancel(4 * MINUTE, 400);

        assertThat(windows.late()).isEqualTo(1);
        assertThat(windows.reading(SloKind.CANCEL_P99).samples()).isZero();
    }

    @Test
    void windowsRestoredFromTheirStoreWritesReadTheSame() {
        SloWindows restored = new SloWindows(Duration.ofMinutes(5), SEED, MinSamples.SEED_DEFAULTS, new FakeStateStore());
        for (int i = 0; i < 300; i++) {
            long ts = i * 1_000L;
            windows.advanceTo(ts);
            windows.recordErrBp(ts, new BigDecimal(i % 50 == 0 ? "0.2" : "0.01"));
            windows.recordNewOrder(ts, i % 100 != 0, -2010);
            windows.recordCancel(ts, 30 + i % 20);
            windows.recordSlippage(ts, i % 2 == 0 ? Side.BUY : Side.SELL, 0.1);
        }
        store.restoreInto(restored::load);
        restored.advanceTo(299_000);

        assertThat(restored.readings()).isEqualTo(windows.readings());
        assertThat(restored.rejectsByCode()).isEqualTo(windows.rejectsByCode());
    }

    @Test
    void theConstantTimeVerdictIsAlwaysTheReadingsVerdict() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(14);
        for (int i = 0; i < 20_000; i++) {
            long ts = i * 40L;
            windows.advanceTo(ts);
            windows.recordErrBp(ts, BigDecimal.valueOf(random.nextInt(random.nextInt(20) == 0 ? 3_000 : 900), 4));
            windows.recordNewOrder(ts, random.nextInt(150) != 0, -2010);
            windows.recordCancel(ts, 20 + random.nextInt(random.nextInt(30) == 0 ? 600 : 200));
            windows.recordSlippage(ts, random.nextBoolean() ? Side.BUY : Side.SELL, random.nextInt(8) == 0 ? random.nextDouble() * 2 : 0.1);
            for (SloKind kind : SloKind.values()) {
                if (kind != SloKind.DAILY_PNL) {
                    assertThat(windows.verdict(kind)).as("%s after %d samples", kind, i).isEqualTo(windows.reading(kind).verdict());
                }
            }
        }
    }

    @Test
    void wholeHistogramValuesOfTheEarlierFormatAreRestoredAndRewrittenAsBucketKeysOnTheFirstChange() {
        LogHistogram errBp = new LogHistogram(new BucketLayout(0.10, true));
        for (int i = 0; i < 150; i++) {
            errBp.record(i % 50 == 0 ? 0.2 : 0.01);
        }
        FakeStateStore earlier = new FakeStateStore();
        SloWindows restored = new SloWindows(Duration.ofMinutes(5), SEED, MinSamples.SEED_DEFAULTS, earlier);
        restored.load("w/3/err", errBp.encode());
        assertThat(restored.reading(SloKind.ERR_BP_P99).samples()).isEqualTo(150);

        restored.advanceTo(35_000);

        assertThat(earlier.entries()).doesNotContainKey("w/3/err").isNotEmpty()
                .allSatisfy((key, value) -> assertThat(key).startsWith("w/3/err/"));
        SloWindows again = new SloWindows(Duration.ofMinutes(5), SEED, MinSamples.SEED_DEFAULTS, new FakeStateStore());
        earlier.restoreInto(again::load);
        again.advanceTo(35_000);
        assertThat(again.readings()).isEqualTo(restored.readings());
    }
}
