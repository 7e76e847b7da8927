package io.mmguard.sim;

import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.serde.SchemaRegistries;
import io.mmguard.sim.exchange.ExchangeFaults;
import io.mmguard.sim.exchange.LatencyModel;
import io.mmguard.sim.exchange.PaperExchange;
import io.mmguard.sim.exchange.PaperExchangeService;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator as containers run it: {@code SimMain feed} (market feed) or {@code SimMain exchange}
 * (paper exchange). Settings from the environment: {@code MMGUARD_BOOTSTRAP_SERVERS} (required),
 * {@code MMGUARD_SCHEMA_REGISTRY_URL}, {@code SIM_VENUE} (sim), {@code SIM_RATE} (200 updates/s),
 * {@code SIM_SEED} (42), {@code SIM_REPLAY_FILE} (a .jsonl/.csv recording instead of the synthetic market),
 * {@code SIM_ACK_MEDIAN_MS} (25), {@code SIM_CANCEL_MEDIAN_MS} (40).
 */
public final class SimMain {

    private static final Logger LOG = LoggerFactory.getLogger(SimMain.class);

    private SimMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        String role = args.length == 1 ? args[0] : "";
        String bootstrap = env.get("MMGUARD_BOOTSTRAP_SERVERS");
        if (bootstrap == null || bootstrap.isBlank() || !(role.equals("feed") || role.equals("exchange"))) {
            System.err.println("usage: SimMain feed|exchange, with MMGUARD_BOOTSTRAP_SERVERS set (e.g. kafka-1:9092)");
            System.exit(2);
        }
        Topics topics = Topics.create(SchemaRegistries.fromUrl(env.get("MMGUARD_SCHEMA_REGISTRY_URL")));
        String venue = env.getOrDefault("SIM_VENUE", "sim");
        long seed = Long.parseLong(env.getOrDefault("SIM_SEED", "42"));
        AutoCloseable running;
        if (role.equals("feed")) {
            int rate = Integer.parseInt(env.getOrDefault("SIM_RATE", "200"));
            List<SimSymbol> symbols = List.of(SimSymbol.BTCJPY, SimSymbol.ETHJPY, SimSymbol.XRPJPY);
            String replay = env.get("SIM_REPLAY_FILE");
            BookSource source = replay == null || replay.isBlank()
                    ? BookSource.synthetic(new SyntheticBook(venue, symbols, seed))
                    : BookSource.recorded(RecordedFeed.read(Path.of(replay), venue));
            running = new MarketFeed(bootstrap, topics, venue, symbols, rate, source).start();
        } else {
            PaperExchange exchange = new PaperExchange(
                    new LatencyModel(Double.parseDouble(env.getOrDefault("SIM_ACK_MEDIAN_MS", "25")), 0.4),
                    new LatencyModel(Double.parseDouble(env.getOrDefault("SIM_CANCEL_MEDIAN_MS", "40")), 0.5),
                    ExchangeFaults.NONE, seed);
            running = new PaperExchangeService(bootstrap, topics, venue, exchange).start();
        }
        LOG.info("sim {} running against {} (venue {}, seed {})", role, bootstrap, venue, seed);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                LOG.warn("sim {}: error while stopping: {}", role, e.getMessage());
            }
            stop.countDown();
        }, "sim-stop"));
        stop.await();
    }
}
