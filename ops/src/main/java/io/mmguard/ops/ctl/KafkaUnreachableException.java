package io.mmguard.ops.ctl;

/** Kafka could not be reached, or the control topics are missing; the message is the operator's one line. */
final class KafkaUnreachableException extends Exception {

    private static final long serialVersionUID = 1L;

    KafkaUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
