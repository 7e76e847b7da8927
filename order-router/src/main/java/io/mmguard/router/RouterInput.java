package io.mmguard.router;

import io.mmguard.schemas.ExecutionReport;
import io.mmguard.schemas.RiskDecision;

/** The router task's two co-partitioned inputs (both keyed by symbol), merged into one processor that owns the symbol's state. */
sealed interface RouterInput {

    /** From {@code mm.risk.decisions}. */
    record Decision(RiskDecision decision) implements RouterInput {
    }

    /** From {@code mm.exec.reports}. */
    record Report(ExecutionReport report) implements RouterInput {
    }
}
