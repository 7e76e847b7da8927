package io.mmguard.ops.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kill latency: send of a {@code DISABLE_LIVE} to {@code mm.control} until each {@code CANCEL_ALL} it caused was
 * readable (read_committed) on {@code mm.orders.live}, under load.
 *
 * @param kills          measured kills
 * @param warmupKills    kills before them, not counted
 * @param loadPerSecond  offered book updates per second meanwhile
 * @param everyCancelAll every CANCEL_ALL of a measured kill (one per symbol that had live orders)
 * @param firstPerKill   the first CANCEL_ALL of each kill
 * @param withoutCancel  measured kills that caused no CANCEL_ALL within the wait (no live order was resting)
 * @param skipped        cycles skipped because no live order came after the enable
 */
record KillResult(int kills, int warmupKills, int loadPerSecond, LatencyStats everyCancelAll, LatencyStats firstPerKill,
                  int withoutCancel, int skipped) {

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("kills", kills);
        map.put("warmup_kills", warmupKills);
        map.put("load_per_s", loadPerSecond);
        map.put("cancel_all", everyCancelAll.asMap());
        map.put("first_cancel_all_per_kill", firstPerKill.asMap());
        map.put("kills_without_cancel_all", withoutCancel);
        map.put("cycles_skipped_no_live_order", skipped);
        return map;
    }
}
