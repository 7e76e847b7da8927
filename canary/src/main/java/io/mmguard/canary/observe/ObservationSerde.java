package io.mmguard.canary.observe;

import io.mmguard.canary.store.Wire;
import io.mmguard.schemas.Side;
import io.mmguard.schemas.TradingState;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of the internal observation topic ({@code <application.id>-canary-observations-repartition}): a format byte, a
 * type tag, the source, then the type's fields. Only the controller reads this topic, so it needs no schema registry.
 */
public final class ObservationSerde implements Serde<Observation> {

    private static final byte FORMAT = 1;
    private static final byte QUOTE = 1;
    private static final byte SANITY = 2;
    private static final byte NEW_ORDER = 3;
    private static final byte CANCEL = 4;
    private static final byte FILL = 5;
    private static final byte CONTROL = 6;
    private static final byte INCIDENT = 7;
    private static final byte TICK = 8;

    @Override
    public Serializer<Observation> serializer() {
        return (topic, observation) -> observation == null ? null : encode(observation);
    }

    @Override
    public Deserializer<Observation> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    /** The bytes of one observation. */
    public static byte[] encode(Observation observation) {
        return Wire.write(out -> {
            out.writeByte(FORMAT);
            out.writeByte(tag(observation));
            source(out, observation.source());
            body(out, observation);
        });
    }

    /** One observation from its bytes. */
    public static Observation decode(byte[] bytes) {
        return Wire.read(bytes, in -> {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IOException("unknown observation format " + format);
            }
            byte tag = in.readByte();
            Source source = new Source(in.readUTF(), in.readInt(), in.readLong(), Wire.string(in));
            return body(in, tag, source);
        });
    }

    private static byte tag(Observation observation) {
        if (observation instanceof Observation.QuoteSample) {
            return QUOTE;
        } else if (observation instanceof Observation.SanityFailure) {
            return SANITY;
        } else if (observation instanceof Observation.NewOrderResult) {
            return NEW_ORDER;
        } else if (observation instanceof Observation.CancelAck) {
            return CANCEL;
        } else if (observation instanceof Observation.Fill) {
            return FILL;
        } else if (observation instanceof Observation.ControlChange) {
            return CONTROL;
        } else if (observation instanceof Observation.Incident) {
            return INCIDENT;
        }
        return TICK;
    }

    private static void source(DataOutputStream out, Source source) throws IOException {
        out.writeUTF(source.topic());
        out.writeInt(source.partition());
        out.writeLong(source.offset());
        Wire.string(out, source.id());
    }

    private static void body(DataOutputStream out, Observation observation) throws IOException {
        if (observation instanceof Observation.QuoteSample q) {
            out.writeUTF(q.symbol());
            Wire.decimal(out, q.errBp());
            Wire.decimal(out, q.mid());
        } else if (observation instanceof Observation.SanityFailure s) {
            Wire.string(out, s.symbol());
            out.writeUTF(s.what());
        } else if (observation instanceof Observation.NewOrderResult n) {
            out.writeUTF(n.symbol());
            out.writeBoolean(n.accepted());
            out.writeBoolean(n.code() != null);
            out.writeInt(n.code() == null ? 0 : n.code());
            Wire.string(out, n.reason());
        } else if (observation instanceof Observation.CancelAck c) {
            out.writeUTF(c.symbol());
            out.writeLong(c.latencyMs());
        } else if (observation instanceof Observation.Fill f) {
            out.writeUTF(f.symbol());
            out.writeByte(f.side() == null ? -1 : f.side().ordinal());
            Wire.decimal(out, f.quantity());
            Wire.decimal(out, f.price());
            Wire.decimal(out, f.quoteRefPrice());
            Wire.decimal(out, f.midRef());
        } else if (observation instanceof Observation.ControlChange c) {
            out.writeLong(c.version());
            out.writeBoolean(c.liveEnabled());
            out.writeUTF(c.tradingState().name());
            Wire.decimal(out, c.fraction());
            Wire.decimal(out, c.kInv());
            Wire.string(out, c.lastActor());
            Wire.string(out, c.lastCommandId());
            Wire.string(out, c.lastCommandType());
            Wire.string(out, c.lastReason());
        } else if (observation instanceof Observation.Incident i) {
            out.writeUTF(i.kind());
            Wire.string(out, i.symbol());
            out.writeUTF(i.message());
        } else if (observation instanceof Observation.Tick t) {
            out.writeLong(t.wallClockMs());
        }
    }

    private static Observation body(DataInputStream in, byte tag, Source source) throws IOException {
        return switch (tag) {
            case QUOTE -> new Observation.QuoteSample(source, in.readUTF(), Wire.decimal(in), Wire.decimal(in));
            case SANITY -> new Observation.SanityFailure(source, Wire.string(in), in.readUTF());
            case NEW_ORDER -> {
                String symbol = in.readUTF();
                boolean accepted = in.readBoolean();
                boolean hasCode = in.readBoolean();
                int code = in.readInt();
                yield new Observation.NewOrderResult(source, symbol, accepted, hasCode ? code : null, Wire.string(in));
            }
            case CANCEL -> new Observation.CancelAck(source, in.readUTF(), in.readLong());
            case FILL -> {
                String symbol = in.readUTF();
                byte side = in.readByte();
                yield new Observation.Fill(source, symbol, side < 0 ? null : Side.values()[side], Wire.decimal(in),
                        Wire.decimal(in), Wire.decimal(in), Wire.decimal(in));
            }
            case CONTROL -> new Observation.ControlChange(source, in.readLong(), in.readBoolean(),
                    TradingState.valueOf(in.readUTF()), Wire.decimal(in), Wire.decimal(in), Wire.string(in), Wire.string(in),
                    Wire.string(in), Wire.string(in));
            case INCIDENT -> new Observation.Incident(source, in.readUTF(), Wire.string(in), in.readUTF());
            case TICK -> new Observation.Tick(source, in.readLong());
            default -> throw new IOException("unknown observation type " + tag);
        };
    }
}
