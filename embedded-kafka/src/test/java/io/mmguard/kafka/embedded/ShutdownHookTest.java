package io.mmguard.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ShutdownHookTest {

    @Test
    @Timeout(120)
    void theShutdownHookClosesAForgottenBrokerAndDeletesItsLogDir(@TempDir Path tmp) throws Exception {
        Path logDirFile = tmp.resolve("log-dir.txt");
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(javaBin.toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"),
                ForgetfulApp.class.getName(), logDirFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile())
                .start();
        try {
            assertThat(child.waitFor(90, TimeUnit.SECONDS)).as("child JVM exited").isTrue();
        } finally {
            child.destroyForcibly();
        }

        assertThat(child.exitValue()).as(Files.readString(tmp.resolve("child.log"))).isZero();
        Path logDir = Path.of(Files.readString(logDirFile));
        assertThat(logDir).doesNotExist();
        assertThat(Files.readString(tmp.resolve("child.log"))).contains("was not closed; closing it at JVM shutdown");
    }
}
