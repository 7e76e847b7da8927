package io.mmguard.bench;

import io.mmguard.core.quote.FastQuoteMath;
import io.mmguard.core.quote.QuoteMath;
import java.math.BigDecimal;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Quotes per second of the two quote paths on one thread (DESIGN.md section 10: fast path >= 10 M
 * quotes/s per core, zero allocation). Each operation is one two-sided quote (bid and ask) over a
 * table of varied BTCJPY-like inputs, so nothing is constant-folded.
 *
 * <pre>
 * mvn -B -q -pl bench -am package -DskipTests
 * java -cp "bench/target/bench.jar:bench/target/lib/*" org.openjdk.jmh.Main QuoteMathBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class QuoteMathBenchmark {

    private static final int N = 1024;

    /** Mid in units of 0.5 yen (scale 1: mids fall on half ticks), tick 1 yen = 10 units, 5.00 bp at scale 2. */
    private final long[] mids = new long[N];
    private final BigDecimal[] midDecimals = new BigDecimal[N];
    // Plain fields set in setup, not constants: the JIT must not turn the divisions into multiplications.
    private long tickUnits;
    private long bpsUnits;
    private int bpsScale;
    private BigDecimal tick;
    private BigDecimal bps;

    @Setup
    public void inputs() {
        tickUnits = 10;
        bpsUnits = 500;
        bpsScale = 2;
        tick = BigDecimal.ONE;
        bps = new BigDecimal("5");
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < N; i++) {
            long halfTicks = 2 * 17_159_268L + random.nextInt(-20_000, 20_000);
            mids[i] = halfTicks * 5; // 0.5 yen = 5 units of 0.1
            midDecimals[i] = BigDecimal.valueOf(mids[i], 1);
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void fastPath(Blackhole sink) {
        for (int i = 0; i < N; i++) {
            sink.consume(FastQuoteMath.bidUnits(mids[i], tickUnits, bpsUnits, bpsScale, 1, 1));
            sink.consume(FastQuoteMath.askUnits(mids[i], tickUnits, bpsUnits, bpsScale, 1, 1));
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void referencePath(Blackhole sink) {
        for (int i = 0; i < N; i++) {
            sink.consume(QuoteMath.quote(midDecimals[i], bps, tick));
        }
    }
}
