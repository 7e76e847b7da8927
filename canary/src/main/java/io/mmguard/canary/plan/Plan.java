package io.mmguard.canary.plan;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rollout plan, in the order the controller walks it, one change at a time:
 * <ol>
 *   <li>the seed's 90-minute canary: each stage's fraction held for its duration (1% 15m, 5% 45m, 10% 30m);</li>
 *   <li>inventory skew re-enabled in steps (k_inv 0 -> 0.05 -> 0.10), each held {@code kInvHold} (1-3 h), the first one after
 *       the last canary stage was held for its duration;</li>
 *   <li>the production expansion (25% -> 50% -> 100%), each after {@code expansionHold} (6 h) clean.</li>
 * </ol>
 * A position is a fraction index (into {@link #fractions()}, -1 below the first stage) and a k_inv step index (-1 = skew off).
 *
 * @param stages        the 90-minute plan
 * @param expansion     the fractions after it, strictly increasing
 * @param expansionHold the clean hold before each expansion step (unscaled)
 * @param kInvSteps     the skew steps, strictly increasing
 * @param kInvHold      the hold of each skew step (unscaled)
 */
public record Plan(List<Stage> stages, List<BigDecimal> expansion, Duration expansionHold, List<BigDecimal> kInvSteps,
                   Duration kInvHold) {

    public Plan {
        stages = List.copyOf(stages);
        expansion = List.copyOf(expansion);
        kInvSteps = List.copyOf(kInvSteps);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("the plan needs at least one canary stage");
        }
    }

    /** Every fraction of the plan, canary stages first, then the expansion. */
    public List<BigDecimal> fractions() {
        List<BigDecimal> all = new ArrayList<>();
        stages.forEach(stage -> all.add(stage.fraction()));
        all.addAll(expansion);
        return all;
    }

    /** The index of the largest plan fraction not above {@code fraction}, or -1 when it is below the first stage. */
    public int fractionIndexAtOrBelow(BigDecimal fraction) {
        return indexAtOrBelow(fractions(), fraction);
    }

    /** The index of the largest skew step not above {@code kInv}, or -1 (skew off) when it is null or below the first step. */
    public int kInvIndexAtOrBelow(BigDecimal kInv) {
        return kInv == null ? -1 : indexAtOrBelow(kInvSteps, kInv);
    }

    /** The fraction at {@code index} (0 below the first stage). */
    public BigDecimal fraction(int index) {
        return index < 0 ? BigDecimal.ZERO : fractions().get(index);
    }

    /** The skew coefficient at step {@code index} (0 = off). */
    public BigDecimal kInv(int index) {
        return index < 0 ? BigDecimal.ZERO : kInvSteps.get(index);
    }

    /**
     * True when the fraction index is one of the 90-minute canary's stages (or below the first): a run that starts here
     * starts with inventory skew off (the seed: skew OFF during the canary); the plan itself steps k_inv up only after
     * the last canary stage was held.
     */
    public boolean inCanary(int fractionIndex) {
        return fractionIndex <= stages.size() - 1;
    }

    /** The next change from the position, or empty when the plan is complete. */
    public Optional<Step> next(int fractionIndex, int kInvIndex) {
        List<BigDecimal> fractions = fractions();
        int lastStage = stages.size() - 1;
        if (fractionIndex < lastStage) {
            return Optional.of(new Step(Step.Kind.PROMOTE, fraction(fractionIndex), fractions.get(fractionIndex + 1),
                    stages.get(Math.max(fractionIndex, 0)).hold(), fractionIndex + 1));
        }
        if (kInvIndex < kInvSteps.size() - 1) {
            Duration hold = kInvIndex < 0 && fractionIndex == lastStage ? stages.get(lastStage).hold() : kInvHold;
            return Optional.of(new Step(Step.Kind.K_INV, kInv(kInvIndex), kInvSteps.get(kInvIndex + 1), hold, kInvIndex + 1));
        }
        if (fractionIndex < fractions.size() - 1) {
            return Optional.of(new Step(Step.Kind.PROMOTE, fraction(fractionIndex), fractions.get(fractionIndex + 1), expansionHold,
                    fractionIndex + 1));
        }
        return Optional.empty();
    }

    private static int indexAtOrBelow(List<BigDecimal> values, BigDecimal value) {
        int found = -1;
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).compareTo(value) <= 0) {
                found = i;
            }
        }
        return found;
    }
}
