package io.mmguard.core.units;

import static org.assertj.core.api.Assertions.assertThat;

import com.puppycrawl.tools.checkstyle.Checker;
import com.puppycrawl.tools.checkstyle.ConfigurationLoader;
import com.puppycrawl.tools.checkstyle.PropertiesExpander;
import com.puppycrawl.tools.checkstyle.api.AuditEvent;
import com.puppycrawl.tools.checkstyle.api.AuditListener;
import com.puppycrawl.tools.checkstyle.api.CheckstyleException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The build rule of DESIGN.md invariant 1 (build-rules/unit-conversions.xml), run on planted code. */
class UnitConversionRuleTest {

    private static final Path RULE = Path.of("..", "build-rules", "unit-conversions.xml");

    @TempDir
    Path sources;

    @ParameterizedTest(name = "refuses: {0}")
    @ValueSource(strings = {
        "double half = bps / 10_000;",
        "double half = bps / 10000.0;",
        "double frac = bps * 1e-4;",
        "double frac = bps * 0.0001;",
        "double pct = value / 100;",
        "double seedBug = bps / 10;",
        "double bps = frac * 1e4;",
        "java.math.BigDecimal f = b.movePointLeft(4);",
        "java.math.BigDecimal f = b.scaleByPowerOfTen(-4);",
        "double f = Math.pow(10, -4);",
        "java.math.BigDecimal f = b.divide(new java.math.BigDecimal(\"10000\"));",
        "java.math.BigDecimal f = b.multiply(java.math.BigDecimal.valueOf(1e-4));",
    })
    void refusesAHandWrittenConversionInMainCode(String line) throws Exception {
        assertThat(violations(planted("Planted.java", line))).hasSize(1);
    }

    @ParameterizedTest(name = "allows: {0}")
    @ValueSource(strings = {
        "java.math.BigDecimal f = io.mmguard.core.units.Bps.toFraction(b);",
        "long ms = nanos / 1_000_000;",
        "long seconds = millis / 1000;",
        "java.math.BigDecimal max = new java.math.BigDecimal(\"10000\");",
        "int shifted = value >> 4;",
        "// a comment may explain that 1 bp = x * 1e-4",
    })
    void allowsOrdinaryCode(String line) throws Exception {
        assertThat(violations(planted("Clean.java", line))).isEmpty();
    }

    @Test
    void theOneConversionClassIsExempt() throws Exception {
        assertThat(violations(Path.of("src", "main", "java", "io", "mmguard", "core", "units", "Bps.java"))).isEmpty();
        assertThat(violations(planted("io/mmguard/core/units/Bps.java", "double f = bps * 1e-4;"))).isEmpty();
    }

    private Path planted(String name, String line) throws IOException {
        Path file = sources.resolve(name);
        Files.createDirectories(file.getParent());
        String className = file.getFileName().toString().replace(".java", "");
        Files.writeString(file, "class " + className + " {\n    void f(double bps, double value, double frac, long nanos, long millis,"
                + " java.math.BigDecimal b) {\n        " + line + "\n    }\n}\n");
        return file;
    }

    private static List<String> violations(Path file) throws CheckstyleException {
        Checker checker = new Checker();
        checker.setModuleClassLoader(Checker.class.getClassLoader());
        checker.configure(ConfigurationLoader.loadConfiguration(RULE.toString(), new PropertiesExpander(new Properties())));
        List<String> found = new ArrayList<>();
        checker.addListener(new AuditListener() {
            @Override
            public void auditStarted(AuditEvent event) {
            }

            @Override
            public void auditFinished(AuditEvent event) {
            }

            @Override
            public void fileStarted(AuditEvent event) {
            }

            @Override
            public void fileFinished(AuditEvent event) {
            }

            @Override
            public void addError(AuditEvent event) {
                found.add(event.getLine() + ": " + event.getMessage());
            }

            @Override
            public void addException(AuditEvent event, Throwable throwable) {
                found.add("exception: " + throwable);
            }
        });
        try {
            checker.process(List.of(file.toFile()));
        } finally {
            checker.destroy();
        }
        return found;
    }
}
