package io.mmguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmguard.audit.AuditResult.Exclusion;
import io.mmguard.audit.AuditResult.FieldDiff;
import io.mmguard.audit.AuditResult.Finding;
import io.mmguard.audit.AuditResult.InputRange;
import io.mmguard.audit.AuditResult.Kind;
import io.mmguard.audit.AuditResult.Lag;
import io.mmguard.audit.AuditResult.TimelineEntry;
import io.mmguard.audit.AuditResult.TopicCounts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditOutputTest {

    private static final Instant FROM = Instant.parse("2026-11-25T01:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-25T02:00:00Z");
    private static final Instant KILL_AT = Instant.parse("2026-11-25T01:20:00Z");

    private final ObjectMapper mapper = new ObjectMapper();

    // ---- JSON ----

    @Test
    void jsonOfACleanRunHasEveryKeyWithExactValues() throws Exception {
        AuditResult result = anHour().build();

        JsonNode json = mapper.readTree(AuditOutput.json(result));

        assertThat(fieldNames(json)).containsExactly("bootstrap", "from", "to", "clean", "exit_code", "topics", "findings",
                "findings_total", "timeline", "exclusions", "lags", "inputs", "elapsed_ms");
        assertThat(json.get("bootstrap").asText()).isEqualTo("127.0.0.1:9092");
        assertThat(json.get("from").asText()).isEqualTo("2026-11-25T01:00:00Z");
        assertThat(json.get("to").asText()).isEqualTo("2026-11-25T02:00:00Z");
        assertThat(json.get("clean").isBoolean()).isTrue();
        assertThat(json.get("clean").booleanValue()).isTrue();
        assertThat(json.get("exit_code").intValue()).isEqualTo(AuditResult.CLEAN);
        assertThat(fieldNames(json.get("topics"))).containsExactly("mm.quotes", "mm.risk.decisions");
        JsonNode quotes = json.get("topics").get("mm.quotes");
        assertThat(fieldNames(quotes)).containsExactly("checked", "identical", "different", "missing", "unexpected");
        assertThat(quotes.get("checked").longValue()).isEqualTo(12_000);
        assertThat(quotes.get("identical").longValue()).isEqualTo(12_000);
        assertThat(json.get("findings").isArray()).isTrue();
        assertThat(json.get("findings")).isEmpty();
        assertThat(json.get("findings_total").longValue()).isZero();
        assertThat(json.get("timeline")).hasSize(2);
        JsonNode kill = json.get("timeline").get(1);
        assertThat(fieldNames(kill)).containsExactly("at", "offset", "what", "kill");
        assertThat(kill.get("at").asText()).isEqualTo("2026-11-25T01:20:00Z");
        assertThat(kill.get("offset").longValue()).isEqualTo(41);
        assertThat(kill.get("kill").booleanValue()).isTrue();
        assertThat(json.get("timeline").get(0).get("kill").booleanValue()).isFalse();
        JsonNode exclusion = json.get("exclusions").get(0);
        assertThat(fieldNames(exclusion)).containsExactly("what", "count", "why");
        assertThat(exclusion.get("what").asText()).isEqualTo("mm.exec.reports");
        assertThat(exclusion.get("count").longValue()).isEqualTo(3_094);
        JsonNode lag = json.get("lags").get(0);
        assertThat(fieldNames(lag)).containsExactly("input", "records", "max_ms", "example");
        assertThat(lag.get("max_ms").longValue()).isEqualTo(35);
        assertThat(lag.get("example").asText()).isEqualTo("mm.orders.live-0@123");
        JsonNode input = json.get("inputs").get(0);
        assertThat(fieldNames(input)).containsExactly("topic", "partition", "earliest", "from_offset", "to_offset", "replayed");
        assertThat(input.get("topic").asText()).isEqualTo("mm.md.book.sim");
        assertThat(input.get("partition").intValue()).isEqualTo(1);
        assertThat(input.get("earliest").longValue()).isZero();
        assertThat(input.get("from_offset").longValue()).isEqualTo(4_700);
        assertThat(input.get("to_offset").longValue()).isEqualTo(16_700);
        assertThat(input.get("replayed").longValue()).isEqualTo(16_700);
        assertThat(json.get("elapsed_ms").longValue()).isEqualTo(1_234);
    }

    @Test
    void jsonOfARunWithOneDifferenceCarriesItsPartitionOffsetAndFieldsAndExitCodeThree() throws Exception {
        AuditResult result = anHour()
                .withTopic("mm.risk.decisions", new TopicCounts(345, 344, 1, 0, 0))
                .withFinding(aDifferentDecision().withFields(new FieldDiff("provenance.control_version", "5", "4")).build())
                .build();

        JsonNode json = mapper.readTree(AuditOutput.json(result));

        assertThat(json.get("clean").booleanValue()).isFalse();
        assertThat(json.get("exit_code").intValue()).isEqualTo(AuditResult.MISMATCHES).isEqualTo(3);
        assertThat(json.get("findings_total").longValue()).isEqualTo(1);
        assertThat(json.get("topics").get("mm.risk.decisions").get("different").longValue()).isEqualTo(1);
        assertThat(json.get("findings")).hasSize(1);
        JsonNode finding = json.get("findings").get(0);
        assertThat(fieldNames(finding)).containsExactly("kind", "topic", "partition", "offset", "id", "service", "input", "fields", "note");
        assertThat(finding.get("kind").asText()).isEqualTo("DIFFERENT");
        assertThat(finding.get("topic").asText()).isEqualTo("mm.risk.decisions");
        assertThat(finding.get("partition").intValue()).isEqualTo(1);
        assertThat(finding.get("offset").longValue()).isEqualTo(4_711);
        assertThat(finding.get("id").asText()).isEqualTo("d-4711");
        assertThat(finding.get("service").asText()).isEqualTo("risk-gate");
        assertThat(finding.get("input").asText()).isEqualTo("mm.quotes-1@4700");
        assertThat(finding.get("note").asText()).isEqualTo("decided with an older control version");
        assertThat(finding.get("fields")).hasSize(1);
        JsonNode field = finding.get("fields").get(0);
        assertThat(fieldNames(field)).containsExactly("field", "recorded", "derived");
        assertThat(field.get("field").asText()).isEqualTo("provenance.control_version");
        assertThat(field.get("recorded").asText()).isEqualTo("5");
        assertThat(field.get("derived").asText()).isEqualTo("4");
    }

    @Test
    void jsonWritesNullsAsJsonNull() throws Exception {
        AuditResult result = anHour()
                .withTopic("mm.orders.live", new TopicCounts(10, 9, 0, 1, 0))
                .withFinding(aMissingOrder().build())
                .build();

        JsonNode finding = mapper.readTree(AuditOutput.json(result)).get("findings").get(0);

        assertThat(finding.get("kind").asText()).isEqualTo("MISSING");
        assertThat(finding.get("partition").isNull()).isTrue();
        assertThat(finding.get("offset").isNull()).isTrue();
        assertThat(finding.get("note").isNull()).isTrue();
        assertThat(finding.get("fields")).isEmpty();
    }

    // ---- text ----

    @Test
    void textVerdictOfACleanRunSaysCleanWithTheRecordCountAndTheRange() {
        AuditResult result = anHour().build();

        String text = AuditOutput.text(result);

        assertThat(text.lines().findFirst()).hasValue("audit CLEAN: 12,345 records re-derived from recorded inputs"
                + " between 2026-11-25T01:00:00Z and 2026-11-25T02:00:00Z, all identical");
    }

    @Test
    void textVerdictOfARunWithDifferencesCountsThemByKind() {
        AuditResult result = anHour()
                .withTopic("mm.risk.decisions", new TopicCounts(345, 344, 1, 0, 0))
                .withTopic("mm.orders.live", new TopicCounts(10, 9, 0, 1, 0))
                .withFinding(aDifferentDecision().withFields(new FieldDiff("provenance.control_version", "5", "4")).build())
                .withFinding(aMissingOrder().build())
                .build();

        String text = AuditOutput.text(result);

        assertThat(text.lines().findFirst()).hasValue("audit FOUND 2 DIFFERENCES in 12,355 records re-derived from recorded inputs"
                + " between 2026-11-25T01:00:00Z and 2026-11-25T02:00:00Z: 1 different, 1 missing");
        assertThat(text.lines()).contains(
                "  DIFFERENT mm.risk.decisions-1@4711 id=d-4711 by risk-gate from mm.quotes-1@4700: decided with an older control version",
                "      provenance.control_version: recorded 5, re-derived 4",
                "  MISSING mm.orders.live (not recorded) id=o-17 by order-router from mm.risk.decisions-0@88",
                "cluster 127.0.0.1:9092, exit code 3, took 1,234 ms");
    }

    @Test
    void textVerdictCountsUnreadableRecordsThatNoTopicCountHolds() {
        AuditResult result = anHour()
                .withFinding(new Finding(Kind.UNREADABLE, "mm.quotes", 2, 99L, null, "quoter", null, List.of(), "not Avro: magic byte 7"))
                .build();

        String text = AuditOutput.text(result);

        assertThat(text.lines().findFirst()).hasValue("audit FOUND 1 DIFFERENCE in 12,345 records re-derived from recorded inputs"
                + " between 2026-11-25T01:00:00Z and 2026-11-25T02:00:00Z: 1 unreadable");
        assertThat(text.lines()).contains("  UNREADABLE mm.quotes-2@99 by quoter: not Avro: magic byte 7");
    }

    @Test
    void textVerdictOfAnEmptyRangeSaysThereWasNothingToCompare() {
        AuditResult result = new AnHour().build();

        assertThat(AuditOutput.text(result).lines().findFirst()).hasValue("audit CLEAN: 0 records re-derived from recorded inputs"
                + " between 2026-11-25T01:00:00Z and 2026-11-25T02:00:00Z (nothing to compare in the range)");
    }

    @Test
    void textAlignsTheCountsPerTopicWithATotal() {
        AuditResult result = anHour().withTopic("mm.risk.decisions", new TopicCounts(345, 344, 1, 0, 0))
                .withFinding(aDifferentDecision().build()).build();

        List<String> lines = AuditOutput.text(result).lines().toList();

        assertThat(lines.subList(1, 5)).containsExactly(
                "topic              checked  identical  different  missing  unexpected",
                "mm.quotes           12,000     12,000          0        0           0",
                "mm.risk.decisions      345        344          1        0           0",
                "total               12,345     12,344          1        0           0");
    }

    @Test
    void textSaysWhenTheKillsWereAndListsExclusionsAndLagsOneLineEach() {
        List<String> lines = AuditOutput.text(anHour().build()).lines().toList();

        assertThat(lines).contains(
                "control: 2 commands in the range, 1 kill (first at 2026-11-25T01:20:00Z, mm.control@41)",
                "excluded: mm.exec.reports (3,094): come from the exchange, not derived; checked for presence only",
                "lag: 12 records derived before the newest mm.control.state was seen, max 35 ms, e.g. mm.orders.live-0@123");
    }

    @Test
    void textOfTenFindingsOnEveryDerivedTopicFitsOnOneScreen() {
        AnHour hour = anHour().withTopic("mm.quotes.denied", new TopicCounts(6_000, 6_000, 0, 0, 0))
                .withTopic("mm.risk.decisions", new TopicCounts(345, 335, 10, 0, 0))
                .withTopic("mm.orders.live", new TopicCounts(100, 100, 0, 0, 0))
                .withTopic("mm.orders.shadow", new TopicCounts(900, 900, 0, 0, 0))
                .withTopic("mm.orders.denied", new TopicCounts(20, 20, 0, 0, 0))
                .withTopic("mm.control", new TopicCounts(2, 2, 0, 0, 0))
                .withExclusion(new Exclusion("mm.alerts", 298, "text for people; not compared"));
        for (int i = 0; i < 10; i++) {
            hour.withFinding(aDifferentDecision().withFields(new FieldDiff("provenance.control_version", "5", "4"),
                    new FieldDiff("action", "PASS", "FREEZE"), new FieldDiff("reason", "NONE", "PRICE_JUMP"),
                    new FieldDiff("freeze_ms", "0", "30000")).build());
        }

        List<String> lines = AuditOutput.text(hour.build()).lines().toList();

        assertThat(lines).hasSizeLessThanOrEqualTo(40);
        assertThat(lines).filteredOn(line -> line.startsWith("  DIFFERENT ")).hasSize(10);
        assertThat(lines).filteredOn(line -> line.equals("      provenance.control_version: recorded 5, re-derived 4;"
                + " action: recorded PASS, re-derived FREEZE; reason: recorded NONE, re-derived PRICE_JUMP; +1 more field")).hasSize(10);
    }

    @Test
    void textListsTheFirstTenFindingsAndSaysHowManyThereAre() {
        AnHour hour = anHour().withTopic("mm.risk.decisions", new TopicCounts(345, 295, 50, 0, 0)).withFindingsTotal(50);
        for (int i = 0; i < 12; i++) {
            hour.withFinding(aDifferentDecision().build());
        }

        List<String> lines = AuditOutput.text(hour.build()).lines().toList();

        assertThat(lines).contains("findings (first 10 of 50; --json or --report for more):");
        assertThat(lines).filteredOn(line -> line.startsWith("  DIFFERENT ")).hasSize(10);
    }

    @Test
    void textShowsControlCharactersFromRecordsVisiblySoARecordCannotForgeALine() {
        AuditResult result = anHour().withTopic("mm.risk.decisions", new TopicCounts(345, 344, 1, 0, 0))
                .withFinding(aDifferentDecision().withNote("fine\naudit CLEAN: \u001b[32mnothing\u001b[0m").build())
                .build();

        String text = AuditOutput.text(result);

        assertThat(text).doesNotContain("\u001b");
        assertThat(text.lines()).filteredOn(line -> line.startsWith("audit ")).hasSize(1);
        assertThat(text).contains(": fine\\naudit CLEAN: \\u001b[32mnothing\\u001b[0m");
    }

    // ---- Markdown ----

    @Test
    void markdownTitleCarriesTheRangeAndTheVerdict() {
        String clean = AuditOutput.markdown(anHour().build());
        String dirty = AuditOutput.markdown(anHour().withTopic("mm.risk.decisions", new TopicCounts(345, 344, 1, 0, 0))
                .withFinding(aDifferentDecision().build()).build());

        assertThat(clean).startsWith("# Audit 2026-11-25T01:00:00Z to 2026-11-25T02:00:00Z: CLEAN\n");
        assertThat(dirty).startsWith("# Audit 2026-11-25T01:00:00Z to 2026-11-25T02:00:00Z: FOUND 1 DIFFERENCE\n");
    }

    @Test
    void markdownShowsTheControlTimelineWithTheKillInBold() {
        String markdown = AuditOutput.markdown(anHour().build());

        assertThat(markdown).contains("## Control timeline\n\n"
                + "| at | mm.control offset | kill | what |\n"
                + "|---|---:|---|---|\n"
                + "| 2026-11-25T01:05:00Z | 40 |  | SET\\_FRACTION by canary-controller -> live, fraction 0.05 |\n"
                + "| **2026-11-25T01:20:00Z** | **41** | **KILL** | **DISABLE\\_LIVE by risk-gate: ask > mid \\* 1.4 -> killed** |\n");
    }

    @Test
    void markdownEscapesPipesInTableCells() {
        AuditResult result = anHour().withTopic("mm.risk.decisions", new TopicCounts(345, 344, 1, 0, 0))
                .withFinding(aDifferentDecision().withFields(new FieldDiff("reason", "A|B", "A")).build())
                .withExclusion(new Exclusion("mm.alerts | mm.dlq", 7, "text|free"))
                .build();

        String markdown = AuditOutput.markdown(result);

        assertThat(markdown).contains("| reason | A\\|B | A |\n");
        assertThat(markdown).contains("| mm.alerts \\| mm.dlq | 7 | text\\|free |\n");
        assertThat(markdown.lines().filter(line -> line.startsWith("|")))
                .allSatisfy(line -> assertThat(unescapedPipes(line)).isEqualTo(unescapedPipes(headerOf(markdown, line))));
    }

    @Test
    void markdownListsFindingsWithTheirFieldDiffsAndTheInputRanges() {
        AuditResult result = anHour().withTopic("mm.risk.decisions", new TopicCounts(345, 344, 1, 0, 0))
                .withFinding(aDifferentDecision().withFields(new FieldDiff("provenance.control_version", "5", "4")).build())
                .build();

        String markdown = AuditOutput.markdown(result);

        assertThat(markdown).contains("### 1. DIFFERENT mm.risk.decisions-1@4711\n\n"
                + "- id: d-4711\n- service: risk-gate\n- derived from: mm.quotes-1@4700\n- note: decided with an older control version\n\n"
                + "| field | recorded | re-derived |\n|---|---|---|\n| provenance.control\\_version | 5 | 4 |\n");
        assertThat(markdown).contains("| topic | partition | earliest | from\\_offset | to\\_offset | replayed |\n"
                + "|---|---:|---:|---:|---:|---:|\n"
                + "| mm.md.book.sim | 1 | 0 | 4700 | 16700 | 16,700 |\n");
        assertThat(markdown).contains("| what | count | why |\n|---|---:|---|\n"
                + "| mm.exec.reports | 3,094 | come from the exchange, not derived; checked for presence only |\n");
        assertThat(markdown).contains("| input | records | max ms | example |\n|---|---:|---:|---|\n"
                + "| mm.control.state | 12 | 35 | mm.orders.live-0@123 |\n");
    }

    // ---- HTML ----

    @Test
    void htmlEscapesValuesFromRecords() {
        AuditResult result = anHour().withTopic("mm.risk.decisions", new TopicCounts(345, 344, 1, 0, 0))
                .withFinding(aDifferentDecision().withId("d-<b>1</b>").withNote("<script>alert('x')</script> & \"more\"")
                        .withFields(new FieldDiff("reason", "<img src=x onerror=alert(1)>", "NONE")).build())
                .build();

        String html = AuditOutput.html(result);

        assertThat(html).doesNotContain("<script", "<img", "<b>1");
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;");
        assertThat(html).contains("d-&lt;b&gt;1&lt;/b&gt;");
        assertThat(html).contains("<td>&lt;img src=x onerror=alert(1)&gt;</td>");
    }

    @Test
    void htmlIsACompleteSelfContainedPage() {
        String html = AuditOutput.html(anHour().build());

        assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<title>Audit 2026-11-25T01:00:00Z to 2026-11-25T02:00:00Z: CLEAN</title>\n<style>");
        assertThat(html).endsWith("</body>\n</html>\n");
        assertThat(html).doesNotContain("<link", "<script", "src=", "url(", "http://", "https://");
        assertThat(countOf(html, "<table>")).isEqualTo(countOf(html, "</table>")).isEqualTo(5);
        assertThat(countOf(html, "<tr")).isEqualTo(countOf(html, "</tr>"));
    }

    @Test
    void htmlHighlightsKillsWithACssClass() {
        String html = AuditOutput.html(anHour().build());

        assertThat(html).contains("tr.kill td{");
        assertThat(html).contains("<tr class=\"kill\"><td>2026-11-25T01:20:00Z</td><td class=\"n\">41</td><td>KILL</td>"
                + "<td>DISABLE_LIVE by risk-gate: ask &gt; mid * 1.4 -&gt; killed</td></tr>");
        assertThat(countOf(html, "<tr class=\"kill\">")).isEqualTo(1);
    }

    @Test
    void htmlMarksTheVerdictCleanOrMismatch() {
        String clean = AuditOutput.html(anHour().build());
        String dirty = AuditOutput.html(anHour().withTopic("mm.risk.decisions", new TopicCounts(345, 344, 1, 0, 0))
                .withFinding(aDifferentDecision().build()).build());

        assertThat(clean).contains("<p class=\"verdict clean\">CLEAN: 12,345 records");
        assertThat(dirty).contains("<p class=\"verdict mismatch\">FOUND 1 DIFFERENCE in 12,345 records");
    }

    // ---- report ----

    @Test
    void reportPicksHtmlForHtmlFileNamesAndMarkdownOtherwise() {
        AuditResult result = anHour().build();
        String html = AuditOutput.html(result);
        String markdown = AuditOutput.markdown(result);

        assertThat(AuditOutput.report(result, Path.of("incident.html"))).isEqualTo(html);
        assertThat(AuditOutput.report(result, Path.of("/tmp/reports/INCIDENT.HTM"))).isEqualTo(html);
        assertThat(AuditOutput.report(result, Path.of("incident.md"))).isEqualTo(markdown);
        assertThat(AuditOutput.report(result, Path.of("html", "incident"))).isEqualTo(markdown);
        assertThat(html).isNotEqualTo(markdown);
    }

    // ---- helpers ----

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    private static long countOf(String text, String part) {
        long n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static long unescapedPipes(String line) {
        long n = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '\\') {
                i++;
            } else if (line.charAt(i) == '|') {
                n++;
            }
        }
        return n;
    }

    /** The header row of the Markdown table {@code row} belongs to. */
    private static String headerOf(String markdown, String row) {
        List<String> lines = markdown.lines().toList();
        int i = lines.indexOf(row);
        while (i > 0 && lines.get(i - 1).startsWith("|")) {
            i--;
        }
        return lines.get(i);
    }

    // ---- test data ----

    /** An hour on a demo cluster: 12,345 quotes and decisions re-derived, all identical; a fraction change, then a kill. */
    private static AnHour anHour() {
        return new AnHour()
                .withTopic("mm.quotes", new TopicCounts(12_000, 12_000, 0, 0, 0))
                .withTopic("mm.risk.decisions", new TopicCounts(345, 345, 0, 0, 0))
                .withTimeline(new TimelineEntry(Instant.parse("2026-11-25T01:05:00Z"), 40,
                        "SET_FRACTION by canary-controller -> live, fraction 0.05", false))
                .withTimeline(new TimelineEntry(KILL_AT, 41, "DISABLE_LIVE by risk-gate: ask > mid * 1.4 -> killed", true))
                .withExclusion(new Exclusion("mm.exec.reports", 3_094, "come from the exchange, not derived; checked for presence only"))
                .withLag(new Lag("mm.control.state", 12, 35, "mm.orders.live-0@123"))
                .withInput(new InputRange("mm.md.book.sim", 1, 0, 4_700, 16_700, 16_700));
    }

    private static final class AnHour {
        private final Map<String, TopicCounts> topics = new LinkedHashMap<>();
        private final List<Finding> findings = new ArrayList<>();
        private final List<TimelineEntry> timeline = new ArrayList<>();
        private final List<Exclusion> exclusions = new ArrayList<>();
        private final List<Lag> lags = new ArrayList<>();
        private final List<InputRange> inputs = new ArrayList<>();
        private Long findingsTotal;

        AnHour withTopic(String topic, TopicCounts counts) {
            topics.put(topic, counts);
            return this;
        }

        AnHour withFinding(Finding finding) {
            findings.add(finding);
            return this;
        }

        /** More findings than the result holds in detail; by default the total is the number held. */
        AnHour withFindingsTotal(long total) {
            findingsTotal = total;
            return this;
        }

        AnHour withTimeline(TimelineEntry entry) {
            timeline.add(entry);
            return this;
        }

        AnHour withExclusion(Exclusion exclusion) {
            exclusions.add(exclusion);
            return this;
        }

        AnHour withLag(Lag lag) {
            lags.add(lag);
            return this;
        }

        AnHour withInput(InputRange input) {
            inputs.add(input);
            return this;
        }

        AuditResult build() {
            return new AuditResult("127.0.0.1:9092", FROM, TO, List.copyOf(inputs), new LinkedHashMap<>(topics), List.copyOf(findings),
                    findingsTotal == null ? findings.size() : findingsTotal, List.copyOf(timeline), List.copyOf(exclusions),
                    List.copyOf(lags), 1_234);
        }
    }

    /** A decision on mm.risk.decisions-1@4711 that re-derives differently, with no field diffs until given some. */
    private static AFinding aDifferentDecision() {
        return new AFinding(Kind.DIFFERENT, "mm.risk.decisions", 1, 4_711L, "d-4711", "risk-gate", "mm.quotes-1@4700",
                "decided with an older control version");
    }

    /** An order the router re-derives that was never recorded. */
    private static AFinding aMissingOrder() {
        return new AFinding(Kind.MISSING, "mm.orders.live", null, null, "o-17", "order-router", "mm.risk.decisions-0@88", null);
    }

    private static final class AFinding {
        private final Kind kind;
        private final String topic;
        private final Integer partition;
        private final Long offset;
        private final String service;
        private final String input;
        private String id;
        private String note;
        private List<FieldDiff> fields = List.of();

        AFinding(Kind kind, String topic, Integer partition, Long offset, String id, String service, String input, String note) {
            this.kind = kind;
            this.topic = topic;
            this.partition = partition;
            this.offset = offset;
            this.id = id;
            this.service = service;
            this.input = input;
            this.note = note;
        }

        AFinding withId(String newId) {
            id = newId;
            return this;
        }

        AFinding withNote(String newNote) {
            note = newNote;
            return this;
        }

        AFinding withFields(FieldDiff... diffs) {
            fields = List.of(diffs);
            return this;
        }

        Finding build() {
            return new Finding(kind, topic, partition, offset, id, service, input, fields, note);
        }
    }
}
