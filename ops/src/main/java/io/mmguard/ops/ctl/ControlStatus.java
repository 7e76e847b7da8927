package io.mmguard.ops.ctl;

import io.mmguard.core.topics.Topics;
import io.mmguard.core.units.Decimals;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlState;
import io.mmguard.schemas.Position;
import io.mmguard.schemas.TradingState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What {@code bin/mm ctl status} shows: the control state the order-router last published (what it
 * enforces) and the last commands on the control log, with actor and reason.
 *
 * @param bootstrap    the brokers read
 * @param state        the latest {@code mm.control.state} record, if the router ever published one
 * @param lastCommands the last commands on {@code mm.control}, oldest first (unreadable records are skipped)
 * @param positions    each symbol's newest position on {@code mm.positions} (unreadable records are skipped)
 */
record ControlStatus(String bootstrap, Optional<ControlState> state, List<Entry> lastCommands, Map<String, Position> positions) {

    /** How many of the newest offsets per partition of {@code mm.positions} status reads (a version per fill). */
    static final int POSITIONS_WINDOW = 5_000;

    /**
     * One command on the log.
     *
     * @param offset  its offset on {@code mm.control}
     * @param command the command
     */
    record Entry(long offset, ControlCommand command) {
    }

    /** Reads the status from Kafka. */
    static ControlStatus read(ControlClient client, Topics topics, String bootstrap, int commands) throws KafkaUnreachableException {
        client.requireTopics(ControlClient.controlTopics(topics));
        Optional<ControlState> state = Optional.empty();
        for (ConsumerRecord<String, byte[]> record : client.tail(topics.controlState().name(), 1)) {
            try {
                state = Optional.of(topics.controlState().valueSerde().deserializer().deserialize(record.topic(), record.value()));
            } catch (RuntimeException unreadable) {
                state = Optional.empty();
            }
        }
        List<Entry> entries = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : client.tail(topics.control().name(), commands)) {
            try {
                entries.add(new Entry(record.offset(), topics.control().valueSerde().deserializer().deserialize(record.topic(), record.value())));
            } catch (RuntimeException unreadable) {
                // the router kills on an unreadable control record; status just does not list it
            }
        }
        Map<String, Position> positions = new TreeMap<>();
        client.latestPerKey(topics.positions().name(), POSITIONS_WINDOW).forEach((symbol, record) -> {
            try {
                Position position = topics.positions().valueSerde().deserializer().deserialize(record.topic(), record.value());
                if (position != null) {
                    positions.put(symbol, position);
                }
            } catch (RuntimeException unreadable) {
                // the quoter quarantines it (no skew for the symbol); status does not show it
            }
        });
        return new ControlStatus(bootstrap, state, entries, positions);
    }

    /** True only when the router published a state that has live trading on (fail closed: no state = not live). */
    boolean live() {
        return state.map(ControlState::getLiveEnabled).orElse(false);
    }

    /** One JSON object with stable snake_case keys (DESIGN.md section 9). */
    Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bootstrap", bootstrap);
        json.put("state_published", state.isPresent());
        json.put("live", live());
        json.put("trading_state", state.map(s -> s.getTradingState().name()).orElse(null));
        json.put("fraction", state.map(s -> number(s.getFraction())).orElse(null));
        json.put("stage", null);
        Map<String, Object> params = new TreeMap<>();
        state.ifPresent(s -> s.getParams().forEach((name, value) -> params.put(name, numberOrText(value))));
        json.put("params", params);
        json.put("halted_symbols", state.map(s -> (Object) new TreeMap<>(s.getHaltedSymbols())).orElse(Map.of()));
        json.put("control_version", state.map(ControlState::getVersion).orElse(null));
        json.put("at", state.map(s -> s.getAt().toString()).orElse(null));
        json.put("last_command", state.map(s -> {
            Map<String, Object> last = new LinkedHashMap<>();
            last.put("id", s.getLastCommandId());
            last.put("type", s.getLastCommandType() == null ? null : s.getLastCommandType().name());
            last.put("actor", s.getLastActor());
            last.put("reason", s.getLastReason());
            return (Object) last;
        }).orElse(null));
        List<Map<String, Object>> commands = new ArrayList<>();
        for (Entry entry : lastCommands) {
            ControlCommand command = entry.command();
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("offset", entry.offset());
            item.put("id", command.getId());
            item.put("type", command.getType().name());
            item.put("scope", command.getScope().name());
            item.put("symbol", command.getSymbol());
            item.put("param", command.getParam());
            item.put("value", command.getValue() == null ? null : number(command.getValue()));
            item.put("actor", command.getActor());
            item.put("reason", command.getReason());
            item.put("issued_at", command.getIssuedAt().toString());
            item.put("signed", command.getSignature() != null);
            commands.add(item);
        }
        json.put("last_commands", commands);
        Map<String, Object> byPosition = new LinkedHashMap<>();
        positions.forEach((symbol, p) -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("version", p.getVersion());
            item.put("net_qty", number(p.getNetQty()));
            item.put("net_jpy", number(p.getNetNotionalJpy()));
            item.put("mark", p.getMark() == null ? null : number(p.getMark()));
            item.put("cash_jpy", number(p.getCashJpy()));
            item.put("daily_pnl_jpy", number(p.getDailyPnlJpy()));
            item.put("last_fill", p.getReportId());
            item.put("at", p.getTs().toString());
            byPosition.put(symbol, item);
        });
        json.put("positions", byPosition);
        return json;
    }

    /** The human-readable status. */
    List<String> asText() {
        List<String> lines = new ArrayList<>();
        if (state.isEmpty()) {
            lines.add("state:       killed (no control state published on mm.control.state at " + bootstrap
                    + " yet: is the order-router running? It starts killed)");
        } else {
            ControlState s = state.get();
            lines.add("state:       " + describe(s));
            lines.add("fraction:    " + Decimals.plain(s.getFraction()) + " of decisions sampled live");
            lines.add("stage:       - (no canary controller)");
            lines.add("params:      " + (s.getParams().isEmpty() ? "(none)" : joined(new TreeMap<>(s.getParams()))));
            lines.add("halted:      " + (s.getHaltedSymbols().isEmpty() ? "(none)" : joined(new TreeMap<>(s.getHaltedSymbols()))));
            lines.add("version:     " + s.getVersion() + " at " + s.getAt());
            lines.add("last change: " + (s.getLastCommandType() == null ? "" : s.getLastCommandType() + " ")
                    + (s.getLastCommandId() == null ? "" : s.getLastCommandId() + " ") + "by " + s.getLastActor() + ": " + s.getLastReason());
        }
        lines.add("last commands on mm.control (oldest first):");
        if (lastCommands.isEmpty()) {
            lines.add("  (none)");
        }
        for (Entry entry : lastCommands) {
            ControlCommand c = entry.command();
            lines.add(String.format("  #%-6d %s  %-12s %-8s %s%s by %s: %s%s", entry.offset(), c.getIssuedAt(), c.getType(),
                    c.getSymbol() == null ? Topics.GLOBAL_KEY : c.getSymbol(),
                    c.getParam() == null ? "" : c.getParam() + "=",
                    c.getValue() == null ? "" : Decimals.plain(c.getValue()), c.getActor(), c.getReason(),
                    c.getSignature() == null ? "" : " [signed]"));
        }
        lines.add("positions on mm.positions (live fills):");
        if (positions.isEmpty()) {
            lines.add("  (none: no live fill yet)");
        }
        positions.forEach((symbol, p) -> lines.add(String.format("  %-8s net %s (%s JPY at %s), daily PnL %s JPY, v%d after %s",
                symbol, Decimals.plain(p.getNetQty()), Decimals.plain(p.getNetNotionalJpy().setScale(0, java.math.RoundingMode.HALF_EVEN)),
                p.getMark() == null ? "no mark" : Decimals.plain(p.getMark()),
                Decimals.plain(p.getDailyPnlJpy().setScale(0, java.math.RoundingMode.HALF_EVEN)), p.getVersion(), p.getReportId())));
        return lines;
    }

    private static String describe(ControlState s) {
        if (!s.getLiveEnabled() || s.getTradingState() == TradingState.HALTED) {
            return "killed (trading state HALTED: every order goes to mm.orders.shadow)";
        }
        if (s.getTradingState() == TradingState.REDUCING) {
            return "reducing (live, but only position-reducing orders; trading state REDUCING)";
        }
        return "live (trading state ACTIVE)";
    }

    private static String joined(Map<String, String> values) {
        List<String> parts = new ArrayList<>();
        values.forEach((key, value) -> parts.add(key + "=" + value));
        return String.join(", ", parts);
    }

    private static BigDecimal number(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static Object numberOrText(String value) {
        try {
            return number(new BigDecimal(value));
        } catch (NumberFormatException e) {
            return value;
        }
    }
}
