package io.mmguard.kafka.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child-JVM entry point for {@link ShutdownHookTest}: starts a broker, records its log directory in the file
 * named by {@code args[0]}, and exits without calling {@code close()}.
 */
final class ForgetfulApp {

    private ForgetfulApp() {
    }

    public static void main(String[] args) throws IOException {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        Files.writeString(Path.of(args[0]), kafka.logDir().toString());
        System.exit(0); // Kafka's non-daemon threads would otherwise keep the JVM alive
    }
}
