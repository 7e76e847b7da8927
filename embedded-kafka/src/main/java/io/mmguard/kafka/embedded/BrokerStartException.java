package io.mmguard.kafka.embedded;

/**
 * Thrown when the embedded Kafka broker cannot be started. The message is a single line meant for a human
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

    static BrokerStartException portInUse(int port) {
        return new BrokerStartException("port " + port + " on " + LoopbackPorts.HOST
                + " is already in use; choose another with --port or stop the process using it");
    }

    private static String prefix(String reason) {
        return "cannot start the embedded Kafka broker: " + reason;
    }
}
