package io.mmguard.ops.bench;

import io.mmguard.sim.MarketFeed;

/** One MarketFeed at a time over a run's market: a new rate closes the old feed first. */
final class FeedSwitch {

    private final BenchMarket market;
    private MarketFeed current;

    FeedSwitch(BenchMarket market) {
        this.market = market;
    }

    /** Stops the running feed, if any, and starts one at {@code rate}. */
    MarketFeed switchTo(int rate) {
        stop();
        try {
            current = market.feed(rate);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("bench: interrupted starting the feed", e);
        }
        return current;
    }

    void stop() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
