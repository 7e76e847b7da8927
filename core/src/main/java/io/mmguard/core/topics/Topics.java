package io.mmguard.core.topics;

import io.mmguard.schemas.Alert;
import io.mmguard.schemas.BookUpdate;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlState;
import io.mmguard.schemas.ExecutionReport;
import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.OrderCommand;
import io.mmguard.schemas.OrderDenial;
import io.mmguard.schemas.Position;
import io.mmguard.schemas.Quote;
import io.mmguard.schemas.QuoteDenial;
import io.mmguard.schemas.RiskDecision;
import io.mmguard.schemas.serde.MmSerdes;
import io.mmguard.schemas.serde.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Typed handles for every topic of DESIGN.md section 2. All keys are strings (the symbol, or
 * {@code "*"} for global records); values are Avro records in the Confluent wire format.
 */
public record Topics(
        TopicPattern<String, BookUpdate> books,
        Topic<String, Instrument> instruments,
        Topic<String, Quote> quotes,
        Topic<String, QuoteDenial> quotesDenied,
        Topic<String, RiskDecision> decisions,
        Topic<String, ControlCommand> control,
        Topic<String, ControlState> controlState,
        Topic<String, OrderCommand> ordersLive,
        Topic<String, OrderCommand> ordersShadow,
        Topic<String, OrderDenial> ordersDenied,
        Topic<String, ExecutionReport> execReports,
        Topic<String, Position> positions,
        Topic<String, Alert> alerts) {

    /** Key of records that concern every symbol (global control commands, global alerts). */
    public static final String GLOBAL_KEY = "*";

    /** Handles whose serdes register and resolve schemas through {@code registry}. */
    public static Topics create(SchemaRegistryClient registry) {
        Serde<String> key = Serdes.String();
        return new Topics(
                new TopicPattern<>(TopicNames.BOOK_PATTERN, key, value(registry, BookUpdate.class)),
                new Topic<>(TopicNames.INSTRUMENTS, key, value(registry, Instrument.class)),
                new Topic<>(TopicNames.QUOTES, key, value(registry, Quote.class)),
                new Topic<>(TopicNames.QUOTES_DENIED, key, value(registry, QuoteDenial.class)),
                new Topic<>(TopicNames.DECISIONS, key, value(registry, RiskDecision.class)),
                new Topic<>(TopicNames.CONTROL, key, value(registry, ControlCommand.class)),
                new Topic<>(TopicNames.CONTROL_STATE, key, value(registry, ControlState.class)),
                new Topic<>(TopicNames.ORDERS_LIVE, key, value(registry, OrderCommand.class)),
                new Topic<>(TopicNames.ORDERS_SHADOW, key, value(registry, OrderCommand.class)),
                new Topic<>(TopicNames.ORDERS_DENIED, key, value(registry, OrderDenial.class)),
                new Topic<>(TopicNames.EXEC_REPORTS, key, value(registry, ExecutionReport.class)),
                new Topic<>(TopicNames.POSITIONS, key, value(registry, Position.class)),
                new Topic<>(TopicNames.ALERTS, key, value(registry, Alert.class)));
    }

    private static <T extends SpecificRecord> Serde<T> value(SchemaRegistryClient registry, Class<T> type) {
        return MmSerdes.of(type, registry, false);
    }
}
