package io.mmguard.kafka.embedded;

/**
 * Thrown when the embedded Kafka broker (or a {@link LocalCluster}) cannot be started. The message is a single line meant for a human
 * (for example: the port is already in use); the Kafka exception, if any, is kept as the cause.
 */
public final class BrokerStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BrokerStartException(String reason) {
        super(prefix(reason));
    }

    BrokerStartException(String reason, Throwable cause) {
        super(prefix(reason), cause);
    }

    private BrokerStartException(String message, Throwable cause, boolean enableSuppression) {
        super(message, cause, enableSuppression, true);
    }

    /** A {@link LocalCluster} that cannot start: "cannot start the local Kafka cluster: " + reason. */
    static BrokerStartException cluster(String reason) {
        return cluster(reason, null);
    }

    /** A {@link LocalCluster} that cannot start, keeping the Kafka exception (or null) as the cause. */
    static BrokerStartException cluster(String reason, Throwable cause) {
        return new BrokerStartException("cannot start the local Kafka cluster: " + reason, cause, true);
    }

    static BrokerStartException portInUse(int port) {
        return new BrokerStartException("port " + port + " on " + LoopbackPorts.HOST
                + " is already in use; choose another with --port or stop the process using it");
    }

    private static String prefix(String reason) {
        return "cannot start the embedded Kafka broker: " + reason;
    }
}
