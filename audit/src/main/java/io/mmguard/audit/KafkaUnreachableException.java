package io.mmguard.audit;

/** The cluster to audit did not answer; the message says where it was looked for. */
public final class KafkaUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KafkaUnreachableException(String message) {
        super(message);
    }
}
