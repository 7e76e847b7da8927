package io.mmguard.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmguard.audit.AuditResult.Exclusion;
import io.mmguard.audit.AuditResult.FieldDiff;
import io.mmguard.audit.AuditResult.Finding;
import io.mmguard.audit.AuditResult.InputRange;
import io.mmguard.audit.AuditResult.Lag;
import io.mmguard.audit.AuditResult.TimelineEntry;
import io.mmguard.audit.AuditResult.TopicCounts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Renders an {@link AuditResult} for {@code bin/mm audit}: one JSON object for scripts ({@code --json}), a compact summary for
 * a terminal, and a Markdown or HTML report to attach to an incident ticket ({@code --report FILE}).
 *
 * <p>Ids, notes and field values come from Kafka records: the terminal summary shows control characters visibly (a record
 * cannot forge a line), Markdown escapes table and emphasis characters, HTML escapes every value.
 */
public final class AuditOutput {

    /** Findings the terminal summary lists; JSON and the reports list every finding the result holds. */
    static final int TEXT_FINDINGS = 10;
    /** Field diffs the terminal summary shows per finding, on one line; it counts the rest. */
    static final int TEXT_FIELDS = 3;
    /** Longest value the terminal summary prints before cutting it. */
    static final int TEXT_VALUE_CHARS = 160;

    private static final ObjectWriter JSON = new ObjectMapper().writer();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String ABSENT = "(absent)";

    private AuditOutput() {
    }

    /**
     * One JSON object, snake_case keys: {@code bootstrap, from, to, clean, exit_code, topics, findings, findings_total, timeline,
     * exclusions, lags, inputs, elapsed_ms}; instants as ISO-8601 strings, nulls as JSON null.
     */
    public static String json(AuditResult result) {
        ObjectNode root = NODES.objectNode();
        root.put("bootstrap", result.bootstrap());
        root.put("from", iso(result.from()));
        root.put("to", iso(result.to()));
        root.put("clean", result.clean());
        root.put("exit_code", exitCode(result));
        root.set("topics", topicsJson(result.topics()));
        root.set("findings", arrayJson(result.findings(), AuditOutput::findingJson));
        root.put("findings_total", result.findingsTotal());
        root.set("timeline", arrayJson(result.timeline(), entry -> NODES.objectNode()
                .put("at", iso(entry.at()))
                .put("offset", entry.offset())
                .put("what", entry.what())
                .put("kill", entry.kill())));
        root.set("exclusions", arrayJson(result.exclusions(), exclusion -> NODES.objectNode()
                .put("what", exclusion.what())
                .put("count", exclusion.count())
                .put("why", exclusion.why())));
        root.set("lags", arrayJson(result.lags(), lag -> NODES.objectNode()
                .put("input", lag.input())
                .put("records", lag.records())
                .put("max_ms", lag.maxMs())
                .put("example", lag.example())));
        root.set("inputs", arrayJson(result.inputs(), input -> NODES.objectNode()
                .put("topic", input.topic())
                .put("partition", input.partition())
                .put("earliest", input.earliest())
                .put("from_offset", input.fromOffset())
                .put("to_offset", input.toOffset())
                .put("replayed", input.replayed())));
        root.put("elapsed_ms", result.elapsedMs());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree: " + e.getMessage(), e);
        }
    }

    /**
     * The terminal summary: the verdict on the first line, a table per topic, the first {@value #TEXT_FINDINGS} findings one
     * per line with their field diffs on an indented line below, then the control changes, exclusions and lags one line each.
     */
    public static String text(AuditResult result) {
        TopicCounts total = total(result.topics());
        List<String> lines = new ArrayList<>();
        lines.add("audit " + verdict(result, total));
        lines.addAll(topicTable(result.topics(), total));

        List<Finding> findings = orEmpty(result.findings());
        if (!findings.isEmpty()) {
            int shown = Math.min(findings.size(), TEXT_FINDINGS);
            lines.add(shown < result.findingsTotal()
                    ? "findings (first " + shown + " of " + count(result.findingsTotal()) + "; --json or --report for more):"
                    : "findings:");
            for (Finding finding : findings.subList(0, shown)) {
                lines.add("  " + findingLine(finding));
                lines.addAll(fieldLines(orEmpty(finding.fields())));
            }
        }
        lines.add(controlLine(orEmpty(result.timeline())));
        for (Exclusion exclusion : orEmpty(result.exclusions())) {
            lines.add("excluded: " + shown(exclusion.what()) + " (" + count(exclusion.count()) + "): " + shown(exclusion.why()));
        }
        for (Lag lag : orEmpty(result.lags())) {
            lines.add("lag: " + count(lag.records()) + " records derived before the newest " + shown(lag.input())
                    + " was seen, max " + count(lag.maxMs()) + " ms, e.g. " + shown(lag.example()));
        }
        lines.add("cluster " + shown(result.bootstrap()) + ", exit code " + exitCode(result) + ", took " + count(result.elapsedMs()) + " ms");
        return String.join("\n", lines) + "\n";
    }

    /** The incident report in Markdown (GitHub flavour): title with range and verdict, then one section per part of the result. */
    public static String markdown(AuditResult result) {
        return report(result, new Markdown());
    }

    /** The incident report as one self-contained HTML page (inline CSS, no external assets), every value escaped. */
    public static String html(AuditResult result) {
        return report(result, new Html());
    }

    /** The report for {@code file}: HTML for a {@code .html} or {@code .htm} name, Markdown otherwise. The caller writes it. */
    public static String report(AuditResult result, Path file) {
        Path name = file.getFileName();
        String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        return lower.endsWith(".html") || lower.endsWith(".htm") ? html(result) : markdown(result);
    }

    // ---- JSON ----

    private static JsonNode topicsJson(Map<String, TopicCounts> topics) {
        if (topics == null) {
            return NODES.nullNode();
        }
        ObjectNode node = NODES.objectNode();
        topics.forEach((topic, counts) -> node.set(topic, counts == null ? NODES.nullNode() : NODES.objectNode()
                .put("checked", counts.checked())
                .put("identical", counts.identical())
                .put("different", counts.different())
                .put("missing", counts.missing())
                .put("unexpected", counts.unexpected())));
        return node;
    }

    private static JsonNode findingJson(Finding finding) {
        ObjectNode node = NODES.objectNode();
        node.put("kind", finding.kind() == null ? null : finding.kind().name());
        node.put("topic", finding.topic());
        node.put("partition", finding.partition());
        node.put("offset", finding.offset());
        node.put("id", finding.id());
        node.put("service", finding.service());
        node.put("input", finding.input());
        node.set("fields", arrayJson(finding.fields(), diff -> NODES.objectNode()
                .put("field", diff.field())
                .put("recorded", diff.recorded())
                .put("derived", diff.derived())));
        node.put("note", finding.note());
        return node;
    }

    private static <T> JsonNode arrayJson(List<T> items, Function<T, JsonNode> toJson) {
        if (items == null) {
            return NODES.nullNode();
        }
        ArrayNode array = NODES.arrayNode();
        items.forEach(item -> array.add(item == null ? NODES.nullNode() : toJson.apply(item)));
        return array;
    }

    // ---- shared wording ----

    private static int exitCode(AuditResult result) {
        return result.exitCode();
    }

    /** {@code CLEAN: 12,345 records re-derived ...} or {@code FOUND 2 DIFFERENCES in 12,345 records ...: 1 different, 1 missing}. */
    private static String verdict(AuditResult result, TopicCounts total) {
        String range = " between " + result.from() + " and " + result.to();
        String records = plural(total.checked(), "record") + " re-derived from recorded inputs" + range;
        if (result.clean()) {
            return "CLEAN: " + records + (total.checked() == 0 ? " (nothing to compare in the range)" : ", all identical");
        }
        List<String> kinds = new ArrayList<>();
        addIfAny(kinds, total.different(), "different");
        addIfAny(kinds, total.missing(), "missing");
        addIfAny(kinds, total.unexpected(), "unexpected");
        addIfAny(kinds, result.findingsTotal() - total.different() - total.missing() - total.unexpected(), "unreadable");
        return "FOUND " + count(result.findingsTotal()) + (result.findingsTotal() == 1 ? " DIFFERENCE" : " DIFFERENCES")
                + " in " + records + (kinds.isEmpty() ? "" : ": " + String.join(", ", kinds));
    }

    private static String title(AuditResult result) {
        String verdict = result.clean() ? "CLEAN"
                : "FOUND " + count(result.findingsTotal()) + (result.findingsTotal() == 1 ? " DIFFERENCE" : " DIFFERENCES");
        return "Audit " + result.from() + " to " + result.to() + ": " + verdict;
    }

    private static void addIfAny(List<String> kinds, long n, String kind) {
        if (n > 0) {
            kinds.add(count(n) + " " + kind);
        }
    }

    /** {@code mm.risk.decisions-1@4711}, the way Kafka tools name a record; a missing record has no partition or offset. */
    private static String location(Finding finding) {
        if (finding.partition() == null && finding.offset() == null) {
            return finding.topic() + " (not recorded)";
        }
        return finding.topic() + (finding.partition() == null ? "" : "-" + finding.partition())
                + (finding.offset() == null ? "" : "@" + finding.offset());
    }

    private static TopicCounts total(Map<String, TopicCounts> topics) {
        long checked = 0;
        long identical = 0;
        long different = 0;
        long missing = 0;
        long unexpected = 0;
        if (topics != null) {
            for (TopicCounts counts : topics.values()) {
                if (counts != null) {
                    checked += counts.checked();
                    identical += counts.identical();
                    different += counts.different();
                    missing += counts.missing();
                    unexpected += counts.unexpected();
                }
            }
        }
        return new TopicCounts(checked, identical, different, missing, unexpected);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String plural(long n, String noun) {
        return count(n) + " " + noun + (n == 1 ? "" : "s");
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** Control and format characters (newline, ESC, bidi overrides) written as backslash escapes: a value stays one visible line. */
    private static String visible(String value) {
        if (value == null) {
            return ABSENT;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || c == '\u2028' || c == '\u2029') {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    // ---- text ----

    /** A value as the terminal shows it: visible, and cut after {@value #TEXT_VALUE_CHARS} characters. */
    private static String shown(String value) {
        String visible = visible(value);
        if (visible.length() <= TEXT_VALUE_CHARS) {
            return visible;
        }
        int cut = Character.isHighSurrogate(visible.charAt(TEXT_VALUE_CHARS - 1)) ? TEXT_VALUE_CHARS - 1 : TEXT_VALUE_CHARS;
        return visible.substring(0, cut) + "...(" + count(visible.length()) + " chars)";
    }

    private static List<String> topicTable(Map<String, TopicCounts> topics, TopicCounts total) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"topic", "checked", "identical", "different", "missing", "unexpected"});
        if (topics != null) {
            topics.forEach((topic, counts) -> rows.add(countsRow(shown(topic), counts)));
        }
        if (rows.size() > 2) {
            rows.add(countsRow("total", total));
        }
        return aligned(rows);
    }

    private static String[] countsRow(String name, TopicCounts counts) {
        TopicCounts c = counts == null ? new TopicCounts(0, 0, 0, 0, 0) : counts;
        return new String[] {name, count(c.checked()), count(c.identical()), count(c.different()), count(c.missing()), count(c.unexpected())};
    }

    /** The first column left-aligned, the others right-aligned, two spaces between columns. */
    private static List<String> aligned(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-" + widths[0] + "s", row[0]));
            for (int i = 1; i < row.length; i++) {
                line.append(String.format(Locale.ROOT, "  %" + widths[i] + "s", row[i]));
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private static String findingLine(Finding finding) {
        StringBuilder line = new StringBuilder();
        line.append(finding.kind()).append(' ').append(shown(location(finding)));
        if (finding.id() != null) {
            line.append(" id=").append(shown(finding.id()));
        }
        if (finding.service() != null) {
            line.append(" by ").append(shown(finding.service()));
        }
        if (finding.input() != null) {
            line.append(" from ").append(shown(finding.input()));
        }
        if (finding.note() != null) {
            line.append(": ").append(shown(finding.note()));
        }
        return line.toString();
    }

    /** One indented line per finding with its first {@value #TEXT_FIELDS} field diffs: a finding takes at most two lines. */
    private static List<String> fieldLines(List<FieldDiff> fields) {
        if (fields.isEmpty()) {
            return List.of();
        }
        List<String> diffs = new ArrayList<>();
        for (FieldDiff diff : fields.subList(0, Math.min(fields.size(), TEXT_FIELDS))) {
            diffs.add(shown(diff.field()) + ": recorded " + shown(diff.recorded()) + ", re-derived " + shown(diff.derived()));
        }
        if (fields.size() > TEXT_FIELDS) {
            diffs.add("+" + plural(fields.size() - TEXT_FIELDS, "more field"));
        }
        return List.of("      " + String.join("; ", diffs));
    }

    private static String controlLine(List<TimelineEntry> timeline) {
        if (timeline.isEmpty()) {
            return "control: no commands recorded in the range";
        }
        List<TimelineEntry> kills = timeline.stream().filter(TimelineEntry::kill).toList();
        String line = "control: " + plural(timeline.size(), "command") + " in the range, " + plural(kills.size(), "kill");
        return kills.isEmpty() ? line : line + " (first at " + kills.get(0).at() + ", mm.control@" + kills.get(0).offset() + ")";
    }

    // ---- Markdown and HTML reports: one outline, two renderings ----

    private static String report(AuditResult result, Document doc) {
        TopicCounts total = total(result.topics());
        doc.begin(title(result));
        doc.verdict(result.clean(), verdict(result, total));
        doc.paragraph("Cluster " + visible(result.bootstrap()) + "; exit code " + exitCode(result) + "; "
                + plural(result.findingsTotal(), "finding") + " in all; the audit took " + count(result.elapsedMs()) + " ms.");

        doc.heading("Topics");
        List<Row> topicRows = new ArrayList<>();
        if (result.topics() != null) {
            result.topics().forEach((topic, counts) -> topicRows.add(Row.of(countsRow(visible(topic), counts))));
        }
        if (topicRows.size() > 1) {
            topicRows.add(Row.of(countsRow("total", total)));
        }
        doc.table(List.of(Column.text("topic"), Column.number("checked"), Column.number("identical"), Column.number("different"),
                Column.number("missing"), Column.number("unexpected")), topicRows, "No derived topic was audited.");

        doc.heading("Control timeline");
        List<Row> timelineRows = new ArrayList<>();
        for (TimelineEntry entry : orEmpty(result.timeline())) {
            timelineRows.add(new Row(List.of(String.valueOf(entry.at()), String.valueOf(entry.offset()), entry.kill() ? "KILL" : "",
                    visible(entry.what())), entry.kill()));
        }
        doc.table(List.of(Column.text("at"), Column.number("mm.control offset"), Column.text("kill"), Column.text("what")),
                timelineRows, "No control commands were recorded in the range.");

        doc.heading("Findings");
        findings(result, doc);

        doc.heading("Inputs replayed");
        List<Row> inputRows = new ArrayList<>();
        for (InputRange input : orEmpty(result.inputs())) {
            inputRows.add(Row.of(visible(input.topic()), String.valueOf(input.partition()), String.valueOf(input.earliest()),
                    String.valueOf(input.fromOffset()), String.valueOf(input.toOffset()), count(input.replayed())));
        }
        doc.table(List.of(Column.text("topic"), Column.number("partition"), Column.number("earliest"), Column.number("from_offset"),
                Column.number("to_offset"), Column.number("replayed")), inputRows, "No input was replayed.");

        doc.heading("Exclusions");
        List<Row> exclusionRows = new ArrayList<>();
        for (Exclusion exclusion : orEmpty(result.exclusions())) {
            exclusionRows.add(Row.of(visible(exclusion.what()), count(exclusion.count()), visible(exclusion.why())));
        }
        doc.table(List.of(Column.text("what"), Column.number("count"), Column.text("why")), exclusionRows,
                "Nothing in the range was excluded from re-derivation.");

        doc.heading("Lags");
        List<Row> lagRows = new ArrayList<>();
        for (Lag lag : orEmpty(result.lags())) {
            lagRows.add(Row.of(visible(lag.input()), count(lag.records()), count(lag.maxMs()), visible(lag.example())));
        }
        if (!lagRows.isEmpty()) {
            doc.paragraph("Records derived without a global input that was already recorded before them: not differences, "
                    + "but worth knowing.");
        }
        doc.table(List.of(Column.text("input"), Column.number("records"), Column.number("max ms"), Column.text("example")), lagRows,
                "Every record was derived with the newest global inputs recorded before it.");
        return doc.end();
    }

    private static void findings(AuditResult result, Document doc) {
        List<Finding> findings = orEmpty(result.findings());
        if (findings.isEmpty()) {
            doc.paragraph(result.findingsTotal() == 0
                    ? "None: every record re-derived in the range is identical to the recorded one, and nothing recorded is unexplained."
                    : "The result holds none of its " + count(result.findingsTotal()) + " findings in detail.");
            return;
        }
        if (findings.size() < result.findingsTotal()) {
            doc.paragraph("The first " + count(findings.size()) + " of " + count(result.findingsTotal()) + " findings.");
        }
        int number = 0;
        for (Finding finding : findings) {
            number++;
            doc.subheading(number + ". " + finding.kind() + " " + visible(location(finding)));
            List<String[]> facts = new ArrayList<>();
            addFact(facts, "id", finding.id());
            addFact(facts, "service", finding.service());
            addFact(facts, "derived from", finding.input());
            addFact(facts, "note", finding.note());
            if (!facts.isEmpty()) {
                doc.facts(facts);
            }
            List<Row> fieldRows = new ArrayList<>();
            for (FieldDiff diff : orEmpty(finding.fields())) {
                fieldRows.add(Row.of(visible(diff.field()), visible(diff.recorded()), visible(diff.derived())));
            }
            if (!fieldRows.isEmpty()) {
                doc.table(List.of(Column.text("field"), Column.text("recorded"), Column.text("re-derived")), fieldRows, "");
            }
        }
    }

    private static void addFact(List<String[]> facts, String label, String value) {
        if (value != null) {
            facts.add(new String[] {label, visible(value)});
        }
    }

    private record Column(String name, boolean numeric) {
        static Column text(String name) {
            return new Column(name, false);
        }

        static Column number(String name) {
            return new Column(name, true);
        }
    }

    /** Cells are plain text (already {@link #visible}); the document escapes them. A kill row is highlighted. */
    private record Row(List<String> cells, boolean kill) {
        static Row of(String... cells) {
            return new Row(List.of(cells), false);
        }
    }

    /** The outline a report is written in; each format escapes what it is given. */
    private abstract static class Document {
        protected final StringBuilder out = new StringBuilder();

        abstract void begin(String title);

        abstract void verdict(boolean clean, String sentence);

        abstract void heading(String text);

        abstract void subheading(String text);

        abstract void paragraph(String text);

        abstract void facts(List<String[]> labelsAndValues);

        abstract void table(List<Column> columns, List<Row> rows, String whenEmpty);

        abstract String end();
    }

    private static final class Markdown extends Document {

        /** Backslash-escapes what would end a table cell ({@code |}) or would start emphasis, code, a link or inline HTML. */
        static String escape(String value) {
            StringBuilder escaped = new StringBuilder(value.length());
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ("\\|*_`<[]~".indexOf(c) >= 0) {
                    escaped.append('\\');
                }
                escaped.append(c);
            }
            return escaped.toString();
        }

        @Override
        void begin(String title) {
            out.append("# ").append(escape(title)).append("\n\n");
        }

        @Override
        void verdict(boolean clean, String sentence) {
            out.append("**").append(escape(sentence)).append("**\n\n");
        }

        @Override
        void heading(String text) {
            out.append("## ").append(escape(text)).append("\n\n");
        }

        @Override
        void subheading(String text) {
            out.append("### ").append(escape(text)).append("\n\n");
        }

        @Override
        void paragraph(String text) {
            out.append(escape(text)).append("\n\n");
        }

        @Override
        void facts(List<String[]> labelsAndValues) {
            for (String[] fact : labelsAndValues) {
                out.append("- ").append(escape(fact[0])).append(": ").append(escape(fact[1])).append('\n');
            }
            out.append('\n');
        }

        @Override
        void table(List<Column> columns, List<Row> rows, String whenEmpty) {
            if (rows.isEmpty()) {
                paragraph(whenEmpty);
                return;
            }
            out.append('|');
            columns.forEach(column -> out.append(' ').append(escape(column.name())).append(" |"));
            out.append("\n|");
            columns.forEach(column -> out.append(column.numeric() ? "---:|" : "---|"));
            out.append('\n');
            for (Row row : rows) {
                out.append('|');
                for (String cell : row.cells()) {
                    String escaped = escape(cell.strip());
                    out.append(' ').append(row.kill() && !escaped.isEmpty() ? "**" + escaped + "**" : escaped).append(" |");
                }
                out.append('\n');
            }
            out.append('\n');
        }

        @Override
        String end() {
            return out.toString().stripTrailing() + "\n";
        }
    }

    private static final class Html extends Document {

        private static final String STYLE = String.join("\n",
                "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:75em;padding:0 1em;color:#1f2328}",
                "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #d0d7de}h3{font-size:1em}",
                "table{border-collapse:collapse;margin:.4em 0 1em}",
                "th,td{border:1px solid #d0d7de;padding:.25em .6em;text-align:left;vertical-align:top}",
                "th{background:#f6f8fa}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}",
                "td{word-break:break-word}",
                ".verdict{padding:.6em 1em;font-weight:bold;border-radius:4px}",
                ".verdict.clean{background:#dafbe1;color:#116329}",
                ".verdict.mismatch{background:#ffebe9;color:#a40e26}",
                "tr.kill td{background:#ffebe9;color:#a40e26;font-weight:bold}",
                "dl{display:grid;grid-template-columns:max-content auto;gap:.1em 1em;margin:.4em 0}dt{color:#57606a}dd{margin:0}");

        /** Escapes the five characters that matter in element content and quoted attributes. */
        static String escape(String value) {
            StringBuilder escaped = new StringBuilder(value.length());
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '&' -> escaped.append("&amp;");
                    case '<' -> escaped.append("&lt;");
                    case '>' -> escaped.append("&gt;");
                    case '"' -> escaped.append("&quot;");
                    case '\'' -> escaped.append("&#39;");
                    default -> escaped.append(c);
                }
            }
            return escaped.toString();
        }

        @Override
        void begin(String title) {
            out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(escape(title))
                    .append("</title>\n<style>\n").append(STYLE).append("\n</style>\n</head>\n<body>\n<h1>").append(escape(title))
                    .append("</h1>\n");
        }

        @Override
        void verdict(boolean clean, String sentence) {
            out.append("<p class=\"verdict ").append(clean ? "clean" : "mismatch").append("\">").append(escape(sentence)).append("</p>\n");
        }

        @Override
        void heading(String text) {
            out.append("<h2>").append(escape(text)).append("</h2>\n");
        }

        @Override
        void subheading(String text) {
            out.append("<h3>").append(escape(text)).append("</h3>\n");
        }

        @Override
        void paragraph(String text) {
            out.append("<p>").append(escape(text)).append("</p>\n");
        }

        @Override
        void facts(List<String[]> labelsAndValues) {
            out.append("<dl>");
            for (String[] fact : labelsAndValues) {
                out.append("<dt>").append(escape(fact[0])).append("</dt><dd>").append(escape(fact[1])).append("</dd>");
            }
            out.append("</dl>\n");
        }

        @Override
        void table(List<Column> columns, List<Row> rows, String whenEmpty) {
            if (rows.isEmpty()) {
                paragraph(whenEmpty);
                return;
            }
            out.append("<table>\n<thead><tr>");
            columns.forEach(column -> out.append(column.numeric() ? "<th class=\"n\">" : "<th>").append(escape(column.name())).append("</th>"));
            out.append("</tr></thead>\n<tbody>\n");
            for (Row row : rows) {
                out.append(row.kill() ? "<tr class=\"kill\">" : "<tr>");
                for (int i = 0; i < row.cells().size(); i++) {
                    out.append(columns.get(i).numeric() ? "<td class=\"n\">" : "<td>").append(escape(row.cells().get(i))).append("</td>");
                }
                out.append("</tr>\n");
            }
            out.append("</tbody>\n</table>\n");
        }

        @Override
        String end() {
            return out.append("</body>\n</html>\n").toString();
        }
    }
}
