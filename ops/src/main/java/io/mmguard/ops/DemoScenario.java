package io.mmguard.ops;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The scripted stories {@code bin/mm demo --scenario} can tell. */
enum DemoScenario {

    /** Enable at 1% and let the canary controller promote while every SLO holds. */
    CALM("calm", "enable at 1%, the canary promotes while every SLO holds"),
    /** The seed's incident: one quote with the ask at mid x 1.5 (bp read as a fraction). */
    INCIDENT("incident", "the seed's unit bug reaches mm.quotes: automatic kill, cancel-all, alert, canary rollback"),
    /** One symbol's feed goes silent: its symbol freezes and its resting orders are cancelled, no kill. */
    STALE_FEED("stale-feed", "ETHJPY's feed goes silent for 3 s: FEED_SILENT freeze, no kill"),
    /** The exchange rejects every new order for a while: three in a row kill. */
    REJECT_STORM("reject-storm", "the exchange answers -2010 for 10 s: kill after the third consecutive reject"),
    /** A 300 bp jump in BTCJPY: a 30 s PRICE_JUMP freeze, no kill. */
    PRICE_JUMP("price-jump", "BTCJPY jumps 300 bp: PRICE_JUMP freeze for 30 s, no kill");

    private final String cliName;
    private final String story;

    DemoScenario(String cliName, String story) {
        this.cliName = cliName;
        this.story = story;
    }

    String cliName() {
        return cliName;
    }

    String story() {
        return story;
    }

    /** The scenario named {@code name}, or an error listing the names. */
    static DemoScenario parse(String name) {
        for (DemoScenario scenario : values()) {
            if (scenario.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("--scenario " + name + " is not one of " + names());
    }

    static String names() {
        return Arrays.stream(values()).map(DemoScenario::cliName).collect(Collectors.joining(", "));
    }
}
