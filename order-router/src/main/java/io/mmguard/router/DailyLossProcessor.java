package io.mmguard.router;

import io.mmguard.core.topics.Topics;
import io.mmguard.core.units.Decimals;
import io.mmguard.router.limits.DailyBook;
import io.mmguard.router.limits.PnlUpdate;
import io.mmguard.router.support.Alerts;
import io.mmguard.router.support.CachedStore;
import io.mmguard.schemas.Provenance;
import io.mmguard.schemas.Severity;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portfolio's daily loss limit (the seed's {@code daily_pnl_jpy <= -MAX_DAILY_LOSS_JPY}): symbol PnL
 * updates from every router task arrive on one partition; when the day's total crosses the limit, the
 * rollback goes to {@code mm.control} (fraction 0, then the kill; unsigned: they lower risk), then the alert.
 * Once per day.
 */
final class DailyLossProcessor implements Processor<String, PnlUpdate, String, RouterOutput> {

    static final String STORE = "daily-loss-store";
    private static final String BOOK = "book";
    private static final Logger LOG = LoggerFactory.getLogger(DailyLossProcessor.class);

    private final BigDecimal maxDailyLoss;
    private final long configVersion;
    private ProcessorContext<String, RouterOutput> context;
    /** The book's store behind a typed view made in {@link #init} (only this processor writes it). */
    private CachedStore<DailyBook> store;

    DailyLossProcessor(BigDecimal maxDailyLoss, long configVersion) {
        this.maxDailyLoss = maxDailyLoss;
        this.configVersion = configVersion;
    }

    @Override
    public void init(ProcessorContext<String, RouterOutput> context) {
        this.context = context;
        this.store = new CachedStore<>(context.getStateStore(STORE)); // anew on every init: a dirty close restores the store
    }

    @Override
    public void close() {
        if (store != null) {
            store.forget();
        }
    }

    @Override
    public void process(Record<String, PnlUpdate> record) {
        PnlUpdate update = record.value();
        DailyBook book = store.get(BOOK);
        book = (book == null ? DailyBook.of(update.day()) : book).with(update);
        BigDecimal total = book.total();
        if (!book.killed() && total.compareTo(maxDailyLoss.negate()) <= 0) {
            book = book.markedKilled();
            kill(record, book, total);
        }
        store.put(BOOK, book);
    }

    private void kill(Record<String, PnlUpdate> record, DailyBook book, BigDecimal total) {
        String day = LocalDate.ofEpochDay(book.day()).toString();
        String reason = "daily_pnl " + Decimals.plain(total) + " JPY <= -MAX_DAILY_LOSS_JPY " + Decimals.plain(maxDailyLoss)
                + " on " + day + " (last change: " + record.value().symbol() + " " + record.value().cause() + ")";
        RecordMetadata source = context.recordMetadata().orElse(null);
        Provenance provenance = Provenance.newBuilder()
                .setInputTopic(source == null ? "daily-pnl" : source.topic())
                .setInputPartition(source == null ? 0 : source.partition())
                .setInputOffset(source == null ? -1 : source.offset())
                .setInputId(record.value().cause())
                .setConfigVersion(configVersion)
                .setCodePath("daily-loss")
                .build();
        LOG.error("[KILL_SWITCH] {}", reason);
        List<RouterOutput> rollback = new ArrayList<>(2);
        ReportHandling.rollBack(rollback, "daily-loss-" + day, reason, record.timestamp(), provenance);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("day", day);
        details.put("daily_pnl_jpy", Decimals.plain(total));
        details.put("max_daily_loss_jpy", Decimals.plain(maxDailyLoss));
        book.pnl().forEach((symbol, pnl) -> details.put("pnl_" + symbol, Decimals.plain(pnl)));
        rollback.forEach(command -> context.forward(record.withKey(Topics.GLOBAL_KEY).withValue(command)));
        context.forward(record.withKey(Topics.GLOBAL_KEY).withValue(new RouterOutput.Notice(Alerts.of("a-daily-loss-" + day,
                Severity.CRIT, "DAILY_LOSS", null, "KILL SWITCH – " + reason + "; live trading disabled, open orders cancelled",
                details, record.timestamp(), provenance))));
    }
}
