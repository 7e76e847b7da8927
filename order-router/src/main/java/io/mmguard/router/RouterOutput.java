package io.mmguard.router;

import io.mmguard.core.topics.Topics;
import io.mmguard.router.control.ControlRules;
import io.mmguard.router.limits.PnlUpdate;
import io.mmguard.schemas.Alert;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlState;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.OrderDenial;
import io.mmguard.schemas.Position;
import io.mmguard.schemas.Route;

/** Everything the router's stream task emits, one case per output topic; {@link #key()} is the record key. */
sealed interface RouterOutput {

    /** The record key on the output topic. */
    String key();

    /** An order command for {@code mm.orders.live} or {@code mm.orders.shadow}, by its route. */
    record Order(OrderCommand order) implements RouterOutput {
        @Override
        public String key() {
            return order.getSymbol();
        }

        boolean live() {
            return order.getRoute() == Route.LIVE;
        }
    }

    /** An order refused before the exchange, for {@code mm.orders.denied}. */
    record Denial(OrderDenial denial) implements RouterOutput {
        @Override
        public String key() {
            return denial.getSymbol();
        }
    }

    /** An alert for {@code mm.alerts}. */
    record Notice(Alert alert) implements RouterOutput {
        @Override
        public String key() {
            return alert.getSymbol() == null ? Topics.GLOBAL_KEY : alert.getSymbol();
        }
    }

    /** An automatic (unsigned, risk-lowering) command for {@code mm.control}. */
    record Command(ControlCommand command) implements RouterOutput {
        @Override
        public String key() {
            return ControlRules.key(command);
        }
    }

    /** A control state change for {@code mm.control.state}. */
    record State(ControlState state) implements RouterOutput {
        @Override
        public String key() {
            return Topics.GLOBAL_KEY;
        }
    }

    /** A symbol's daily PnL for the daily-loss total (re-keyed to one partition). */
    record Pnl(PnlUpdate update) implements RouterOutput {
        @Override
        public String key() {
            return Topics.GLOBAL_KEY;
        }
    }

    /** A symbol's position after a fill, for the compacted mm.positions. */
    record PositionChange(Position position) implements RouterOutput {
        @Override
        public String key() {
            return position.getSymbol();
        }
    }
}
