package io.mmguard.router;

import java.math.BigDecimal;

/**
 * What routing knows about the control plane when it routes an order.
 *
 * @param killSwitchOn   live trading is off
 * @param fraction       canary fraction of orders sent live when the kill switch is off
 * @param controlVersion version of the control state (0 = the initial, killed state)
 * @param reason         why the state is what it is, for the order's route_reason
 */
public record RoutingState(boolean killSwitchOn, BigDecimal fraction, long controlVersion, String reason) {

    /** Fail closed (DESIGN.md invariant 5): with no control state, live trading is off. */
    public static final RoutingState FAIL_CLOSED = new RoutingState(true, BigDecimal.ZERO, 0,
            "kill_switch_on: live trading is off until the control state says otherwise (initial state)");
}
