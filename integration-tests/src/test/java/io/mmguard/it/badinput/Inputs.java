package io.mmguard.it.badinput;

import static io.mmguard.core.testing.TestRecords.aBtcJpyBook;
import static io.mmguard.core.testing.TestRecords.aBtcJpyInstrument;

import io.mmguard.core.control.ControlSigner;
import io.mmguard.core.topics.TopicNames;
import io.mmguard.core.topics.Topics;
import io.mmguard.schemas.BookUpdate;
import io.mmguard.schemas.ControlCommand;
import io.mmguard.schemas.ControlType;
import io.mmguard.schemas.Instrument;
import io.mmguard.schemas.Scope;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** What the cases write, as any producer with kcat could: raw bytes, or records built with the project's serdes. */
final class Inputs implements AutoCloseable {

    static final String BOOKS = TopicNames.book("sim");

    private final KafkaProducer<String, byte[]> producer;
    private final Topics topics;
    private final ControlSigner signer;

    Inputs(String bootstrap, Topics topics, ControlSigner signer) {
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        this.topics = topics;
        this.signer = signer;
    }

    /** Writes {@code value} under {@code key} and returns where it landed. */
    RecordMetadata raw(String topic, String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted writing to " + topic, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not write to " + topic + ": " + e.getCause(), e.getCause());
        }
    }

    /** A fresh BTCJPY-like book for {@code symbol} (mid 17,159,268; exchange and receive time now), changed by {@code change}. */
    RecordMetadata book(String symbol, long sequence, UnaryOperator<BookUpdate.Builder> change) {
        return raw(BOOKS, symbol, bookBytes(aFreshBook(symbol, sequence, change)));
    }

    static BookUpdate aFreshBook(String symbol, long sequence, UnaryOperator<BookUpdate.Builder> change) {
        Instant now = Instant.now();
        return change.apply(aBtcJpyBook().setSymbol(symbol).setSequence(sequence).setExchangeTs(now).setReceiveTs(now)).build();
    }

    byte[] bookBytes(BookUpdate book) {
        return topics.books().valueSerde().serializer().serialize(BOOKS, book);
    }

    static Instrument anInstrument(String symbol, long version) {
        return aBtcJpyInstrument().setSymbol(symbol).setVersion(version).build();
    }

    RecordMetadata instrument(String key, Instrument instrument) {
        return raw(TopicNames.INSTRUMENTS, key, topics.instruments().valueSerde().serializer().serialize(TopicNames.INSTRUMENTS, instrument));
    }

    /** An unsigned command as bin/mm ctl builds it (new id, issued now, actor "it@badinput"). */
    static ControlCommand.Builder aCommand(ControlType type) {
        return ControlCommand.newBuilder()
                .setId("it-" + UUID.randomUUID())
                .setType(type)
                .setScope(Scope.GLOBAL)
                .setSymbol(null)
                .setParam(null)
                .setValue(null)
                .setReason("bad-input table")
                .setActor("it@badinput")
                .setIssuedAt(Instant.ofEpochMilli(System.currentTimeMillis()))
                .setSignature(null);
    }

    static ControlCommand.Builder aFraction(String value) {
        return aCommand(ControlType.SET_FRACTION).setValue(new BigDecimal(value));
    }

    /** {@code command} signed with the services' key. */
    ControlCommand signed(ControlCommand command) {
        ControlCommand copy = ControlCommand.newBuilder(command).build();
        copy.setSignature(signer.sign(copy));
        return copy;
    }

    RecordMetadata control(ControlCommand command) {
        String key = command.getScope() == Scope.SYMBOL && command.getSymbol() != null ? command.getSymbol() : Topics.GLOBAL_KEY;
        return raw(TopicNames.CONTROL, key, controlBytes(command));
    }

    byte[] controlBytes(ControlCommand command) {
        return topics.control().valueSerde().serializer().serialize(TopicNames.CONTROL, command);
    }

    /** Confluent wire format with {@code schemaId} in bytes 1-4 and {@code body} after it. */
    static byte[] wireFormat(int schemaId, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(schemaId).put(body).array();
    }

    @Override
    public void close() {
        producer.close();
    }
}
