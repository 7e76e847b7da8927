package io.mmguard.kafka.embedded;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Waits, up to a deadline, until the broker answers an Admin {@code describeCluster} call. */
final class ReadinessProbe {

    private ReadinessProbe() {
    }

    /**
     * Blocks until {@code bootstrapServers} serves {@code describeCluster} with at least one node.
     *
     * @throws BrokerStartException if the deadline passes first
     */
    static void awaitReady(String bootstrapServers, Duration timeout) {
        long timeoutMs = Math.max(1, timeout.toMillis());
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-readiness",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, 5_000),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, Integer.MAX_VALUE));
        try (Admin admin = Admin.create(config)) {
            int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) Math.min(timeoutMs, Integer.MAX_VALUE)))
                    .nodes()
                    .get(timeoutMs, TimeUnit.MILLISECONDS)
                    .size();
            if (nodes == 0) {
                throw new BrokerStartException("the broker at " + bootstrapServers + " reports no nodes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerStartException("interrupted while waiting for " + bootstrapServers, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new BrokerStartException("the broker at " + bootstrapServers + " did not accept clients within "
                    + timeout.toMillis() + " ms", e);
        }
    }
}
