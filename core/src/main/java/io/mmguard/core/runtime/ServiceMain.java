package io.mmguard.core.runtime;

import io.mmguard.core.config.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code main} of a deployed service: {@code <service> [--config file.properties]}. Config is the
 * file's keys, overlaid by environment variables {@code MMGUARD_<KEY>} (dots become underscores, e.g.
 * {@code MMGUARD_BOOTSTRAP_SERVERS}). Exit codes: 0 stopped cleanly, 1 the Streams app failed, 2 bad config.
 */
public final class ServiceMain {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceMain.class);
    private static final String ENV_PREFIX = "MMGUARD_";

    private ServiceMain() {
    }

    /** Runs {@code service} until it stops or the JVM is asked to exit; returns the process exit code. */
    public static <C> int run(ServiceDefinition<C> service, String[] args) {
        RunningService running;
        try {
            running = ServiceRunner.start(service, config(args, System.getenv()), System.getenv());
        } catch (ConfigException | IllegalArgumentException e) {
            LOG.error("{}: refusing to start: {}", service.name(), e.getMessage());
            return 2;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, service.name() + "-shutdown"));
        try {
            running.awaitStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return running.failed() ? 1 : 0;
    }

    /** The file named by {@code --config} (if any) overlaid with {@code MMGUARD_*} environment variables. */
    public static Map<String, String> config(String[] args, Map<String, String> env) {
        Map<String, String> values = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            if ("--config".equals(args[i]) && i + 1 < args.length) {
                values.putAll(load(Path.of(args[++i])));
            } else {
                throw new ConfigException("unknown argument '" + args[i] + "'; usage: --config <file.properties>");
            }
        }
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX)) {
                values.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return values;
    }

    private static Map<String, String> load(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file.toAbsolutePath() + " does not exist", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new TreeMap<>();
        props.stringPropertyNames().forEach(key -> values.put(key, props.getProperty(key)));
        return values;
    }
}
