package org.pouw.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.pouw.crypto.Blake3;

/** Round trip, canonicity and tamper evidence of the trace format (STYLE.md: property tests for every byte format). */
class TraceCodecProperties {
    @Provide
    Arbitrary<Trace> traces() {
        return VmArbitraries.traces();
    }

    @Property(tries = 300)
    void encodingRoundTripsAndHashesTheEncoding(@ForAll("traces") Trace trace) {
        byte[] bytes = trace.encode();
        assertThat(bytes).hasSize(TraceCodec.HEADER_LENGTH + TraceCodec.ROW_LENGTH * trace.rowCount());
        Trace decoded = TraceCodec.decode(bytes);
        assertThat(decoded).isEqualTo(trace);
        assertThat(decoded.hash()).isEqualTo(trace.hash()).isEqualTo(Blake3.hash(bytes));
    }

    @Property(tries = 1000)
    void anySingleChangedByteIsRejectedOrChangesTheHash(@ForAll("traces") Trace trace, @ForAll int position,
                                                         @ForAll byte flip) {
        byte[] bytes = trace.encode();
        int index = Math.floorMod(position, bytes.length);
        bytes[index] ^= flip == 0 ? 1 : flip;
        Trace decoded = decodeOrNull(bytes);
        if (decoded != null) {
            assertThat(decoded.hash()).isNotEqualTo(trace.hash());
            assertThat(decoded.encode()).as("decoding is canonical").isEqualTo(bytes);
        }
    }

    @Property(tries = 300)
    void truncatedOrExtendedEncodingsAreRejected(@ForAll("traces") Trace trace, @ForAll int cut,
                                                 @ForAll @Size(min = 1, max = 80) byte[] extra) {
        byte[] bytes = trace.encode();
        assertThat(decodeOrNull(Arrays.copyOf(bytes, Math.floorMod(cut, bytes.length)))).isNull();
        byte[] extended = Arrays.copyOf(bytes, bytes.length + extra.length);
        System.arraycopy(extra, 0, extended, bytes.length, extra.length);
        assertThat(decodeOrNull(extended)).isNull();
    }

    @Provide
    Arbitrary<byte[]> traceLikeBytes() {
        // A valid prefix up to the row count, then a random count and random rows: reaches the row checks.
        Arbitrary<Integer> rows = Arbitraries.oneOf(Arbitraries.integers().between(0, 3), Arbitraries.integers());
        Arbitrary<byte[]> tail = Arbitraries.bytes().array(byte[].class).ofMaxSize(3 * TraceCodec.ROW_LENGTH);
        return Combinators.combine(rows, tail).as((count, rest) -> {
            byte[] bytes = new byte[TraceCodec.HEADER_LENGTH + rest.length];
            System.arraycopy(TraceCodec.MAGIC, 0, bytes, 0, 4);
            bytes[4] = TraceCodec.VERSION;
            bytes[37] = VmState.REGISTERS;
            for (int i = 0; i < 4; i++) {
                bytes[38 + i] = (byte) (count >>> (24 - 8 * i));
            }
            System.arraycopy(rest, 0, bytes, TraceCodec.HEADER_LENGTH, rest.length);
            return bytes;
        });
    }

    @Property(tries = 1000)
    void structuredGarbageOnlyEverFailsAsMalformed(@ForAll("traceLikeBytes") byte[] bytes) {
        Trace decoded = decodeOrNull(bytes);
        if (decoded != null) {
            assertThat(decoded.encode()).isEqualTo(bytes);
        }
    }

    @Property(tries = 500)
    void randomBytesOnlyEverFailAsMalformed(@ForAll @Size(max = 200) byte[] bytes) {
        decodeOrNull(bytes);
    }

    /** The decoded trace, or null when rejected; any exception but the documented one fails the property. */
    private static Trace decodeOrNull(byte[] bytes) {
        try {
            return TraceCodec.decode(bytes);
        } catch (MalformedEncodingException rejected) {
            return null;
        }
    }
}
