package io.mmguard.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/** Checks and picks TCP ports on the loopback address the embedded broker binds to. */
final class LoopbackPorts {

    /** The only address the embedded broker listens on. */
    static final String HOST = "127.0.0.1";

    private LoopbackPorts() {
    }

    /** Returns {@code requested} if it is free on {@link #HOST}, or a free port if {@code requested} is 0. */
    static int resolve(int requested) {
        if (requested == 0) {
            return pickFree();
        }
        if (!isFree(requested)) {
            throw BrokerStartException.portInUse(requested);
        }
        return requested;
    }

    /**
     * True when a server socket can bind {@code port} on {@link #HOST} right now. Binds with SO_REUSEADDR, as
     * Kafka's acceptor does, so connections of a previous run lingering in TIME_WAIT do not count as "in use";
     * a listener on 127.0.0.1 or on the wildcard address does.
     */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(loopback(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int pickFree() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(loopback(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on " + HOST, e);
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByName(HOST);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(HOST + " is a literal address and cannot fail to resolve", e);
        }
    }
}
