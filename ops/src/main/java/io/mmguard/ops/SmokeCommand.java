package io.mmguard.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmguard.core.control.ParamRegistry;
import io.mmguard.core.quote.QuoteCalculator;
import io.mmguard.core.quote.QuoteMath;
import io.mmguard.core.quote.QuoteSanity;
import io.mmguard.core.units.Decimals;
import io.mmguard.schemas.QuotePath;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code bin/mm smoke}: the seed's {@code quote_smoke} — one quote, its quality, and the sanity guard. */
@Command(name = "smoke", mixinStandardHelpOptions = true,
        description = "Computes one quote with the seed's formula and prints bid, ask, implied_bp, err_bp and the path;"
                + " exits 1 with [QUOTE_SANITY_FAIL] when the guard fires.")
final class SmokeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--mid", required = true, converter = DecimalConverter.class, description = "mid price, e.g. 17159268")
    private BigDecimal mid;

    @Option(names = "--bps", required = true, converter = DecimalConverter.class, description = "total spread in bp, e.g. 5")
    private BigDecimal bps;

    @Option(names = "--tick", required = true, converter = DecimalConverter.class, description = "tick size, e.g. 1 or 0.01")
    private BigDecimal tick;

    @Option(names = "--path", defaultValue = "both", description = "fast, reference or both (default: ${DEFAULT-VALUE})")
    private String path;

    @Option(names = "--max-bp", defaultValue = "100", converter = DecimalConverter.class,
            description = "sanity ceiling max_bp (default: ${DEFAULT-VALUE})")
    private BigDecimal maxBp;

    @Option(names = "--inv", defaultValue = "0", converter = DecimalConverter.class,
            description = "normalised inventory in [-1, 1], positive = long (position x mid / cap; default: ${DEFAULT-VALUE})")
    private BigDecimal inv;

    @Option(names = "--k-inv", defaultValue = "0", converter = DecimalConverter.class,
            description = "inventory skew k_inv, 0..0.5: bid_half = half (1 + k inv), ask_half = half (1 - k inv)"
                    + " (default: ${DEFAULT-VALUE})")
    private BigDecimal kInv;

    @Option(names = "--json", description = "print one JSON object")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        QuotePath quotePath = validate();
        QuoteCalculator.Result result = QuoteCalculator.compute(mid, bps, tick, QuoteMath.skew(kInv, inv), quotePath);
        BigDecimal bid = result.prices().bid();
        BigDecimal ask = result.prices().ask();
        Optional<String> violation = result.disagreement() != null
                ? Optional.of("[QUOTE_SANITY_FAIL] quote paths disagree: " + result.disagreement())
                : QuoteSanity.check(mid, bid, ask, bps, maxBp).map(QuoteSanity.Violation::message);
        BigDecimal implied = QuoteMath.impliedBps(bid, ask, mid);
        BigDecimal err = implied.subtract(bps).abs();
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("mid", plain(mid));
            out.put("cfg_bp", plain(bps));
            out.put("tick", plain(tick));
            out.put("bid", plain(bid));
            out.put("ask", plain(ask));
            out.put("implied_bp", plain(implied));
            out.put("err_bp", plain(err));
            out.put("tick_bp", plain(QuoteMath.tickBps(tick, mid)));
            out.put("path", result.path().name().toLowerCase(Locale.ROOT));
            out.put("sanity", violation.isEmpty() ? "ok" : violation.get());
            out.put("inv", plain(inv));
            out.put("k_inv", plain(kInv));
            ObjectMapper mapper = new ObjectMapper().configure(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN, true);
            System.out.println(mapper.writeValueAsString(out));
        } else {
            System.out.println("[QUOTE_PATH] " + result.path().name().toLowerCase(Locale.ROOT) + " mid=" + Decimals.plain(mid)
                    + " cfg_bp=" + Decimals.plain(bps) + " bid=" + Decimals.plain(bid) + " ask=" + Decimals.plain(ask)
                    + " implied_bp=" + Decimals.plain(implied) + " err_bp=" + Decimals.plain(err)
                    + (kInv.signum() == 0 ? "" : " k_inv=" + Decimals.plain(kInv) + " inv=" + Decimals.plain(inv)));
        }
        if (violation.isPresent()) {
            System.err.println(violation.get());
            return 1;
        }
        return 0;
    }

    /** Exact decimals as JSON numbers written plainly: 4295.7, never 4295.700000000001 or 1.7E+7. */
    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private QuotePath validate() {
        if (mid.signum() <= 0) {
            throw new ParameterException(spec.commandLine(), "--mid " + Decimals.plain(mid) + " must be > 0");
        }
        if (bps.signum() < 0) {
            throw new ParameterException(spec.commandLine(), "--bps " + Decimals.plain(bps)
                    + " must be >= 0 (basis points: 5 means 0.05%)");
        }
        if (tick.signum() <= 0) {
            throw new ParameterException(spec.commandLine(), "--tick " + Decimals.plain(tick) + " must be > 0, e.g. 1 or 0.01");
        }
        if (inv.abs().compareTo(BigDecimal.ONE) > 0) {
            throw new ParameterException(spec.commandLine(), "--inv " + Decimals.plain(inv)
                    + " must be in [-1, 1]: it is the position over the inventory cap, clamped (0.5 = long half the cap)");
        }
        ParamRegistry.K_INV.problem(kInv).ifPresent(problem -> {
            throw new ParameterException(spec.commandLine(), "--k-inv: " + problem);
        });
        return switch (path.toLowerCase(Locale.ROOT)) {
            case "fast" -> QuotePath.FAST;
            case "reference" -> QuotePath.REFERENCE;
            case "both" -> QuotePath.BOTH;
            default -> throw new ParameterException(spec.commandLine(), "--path " + path + " is not one of fast, reference, both");
        };
    }

    /** Parses exact decimals; never through double. */
    static final class DecimalConverter implements ITypeConverter<BigDecimal> {
        @Override
        public BigDecimal convert(String value) {
            try {
                return new BigDecimal(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a decimal number (e.g. 17159268 or 0.01)");
            }
        }
    }
}
