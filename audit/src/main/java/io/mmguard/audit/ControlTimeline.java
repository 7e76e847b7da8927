package io.mmguard.audit;

import io.mmguard.core.topics.Topics;
import io.mmguard.core.units.Decimals;
import io.mmguard.router.OrderRouterConfig;
import io.mmguard.router.RouterReplay;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlState;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.Scope;
import java.io.File;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * mm.control folded once by the router's own control fold: the version each accepted command made and when,
 * and the timeline of the range (accepted changes, kills, refusals) for the report.
 */
final class ControlTimeline {

    private final List<Long> versionAt = new ArrayList<>();
    private final List<AuditResult.TimelineEntry> entries = new ArrayList<>();

    ControlTimeline(ControlLog control, Topics topics, OrderRouterConfig config, Comparison range, File scratch) {
        RouterReplay fold = new RouterReplay(config, topics, 0, scratch);
        versionAt.add(Long.MIN_VALUE); // version 0: the configured initial state
        for (int i = 0; i < control.records().size(); i++) {
            Rec rec = control.records().get(i);
            long before = fold.controlVersion();
            fold.foldControl(rec.key(), rec.value(), rec.offset(), rec.timestamp());
            long after = fold.controlVersion();
            for (long v = before + 1; v <= after; v++) {
                versionAt.add(rec.timestamp());
            }
            if (!range.inRange(rec.timestamp())) {
                continue;
            }
            ControlCommand command = control.command(i);
            Optional<ControlState> state = after > before ? fold.controlState(after) : Optional.empty();
            entries.add(new AuditResult.TimelineEntry(Instant.ofEpochMilli(rec.timestamp()), rec.offset(), describe(command, state, after),
                    state.isPresent() && command != null && command.getType() == ControlType.DISABLE_LIVE
                            && command.getScope() == Scope.GLOBAL));
        }
    }

    private static String describe(ControlCommand command, Optional<ControlState> state, long version) {
        if (command == null) {
            return "unreadable control record: the router kills on it (fail closed)"
                    + state.map(s -> " -> control v" + version + ", live=" + s.getLiveEnabled()).orElse("");
        }
        String what = command.getType() + (command.getScope() == Scope.SYMBOL ? " " + command.getSymbol() : "")
                + (command.getParam() != null ? " " + command.getParam() : "")
                + (command.getValue() != null ? " " + Decimals.plain(command.getValue()) : "")
                + " " + command.getId() + " by " + command.getActor() + (command.getSignature() != null ? " (signed)" : "")
                + ": " + command.getReason();
        return state.map(s -> what + " -> control v" + version + " " + s.getTradingState() + ", live=" + s.getLiveEnabled()
                        + ", fraction " + Decimals.plain(s.getFraction()))
                .orElse(what + " -> refused or repeated, state unchanged (v" + version + ")");
    }

    /** When the version after {@code version} was recorded, if at or before {@code ts}: the record did not see it yet. */
    Optional<Long> newerBefore(long version, long ts) {
        int next = (int) version + 1;
        if (version < 0 || next >= versionAt.size()) {
            return Optional.empty();
        }
        long at = versionAt.get(next);
        return at <= ts ? Optional.of(at) : Optional.empty();
    }

    List<AuditResult.TimelineEntry> entries() {
        return List.copyOf(entries);
    }
}
