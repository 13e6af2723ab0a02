package org.pouw.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class ProgramCodecProperties {
    @Provide
    Arbitrary<Program> programs() {
        return VmArbitraries.programs();
    }

    @Property(tries = 300)
    void encodingRoundTrips(@ForAll("programs") Program program) {
        byte[] bytes = program.encode();
        assertThat(bytes).hasSize(ProgramCodec.HEADER_LENGTH + ProgramCodec.INSTRUCTION_LENGTH * program.size());
        assertThat(ProgramCodec.decode(bytes)).isEqualTo(program);
    }

    @Property(tries = 500)
    void aChangedByteIsRejectedOrDecodesToADifferentProgram(@ForAll("programs") Program program,
                                                            @ForAll int position, @ForAll byte flip) {
        byte[] bytes = program.encode();
        int index = Math.floorMod(position, bytes.length);
        bytes[index] ^= flip == 0 ? 1 : flip;
        Program decoded = decodeOrNull(bytes);
        if (decoded != null) {
            assertThat(decoded).isNotEqualTo(program);
            assertThat(decoded.encode()).as("canonical: decode then encode gives the same bytes").isEqualTo(bytes);
        }
    }

    @Property(tries = 300)
    void truncatedOrExtendedEncodingsAreRejected(@ForAll("programs") Program program, @ForAll int cut,
                                                 @ForAll @Size(min = 1, max = 12) byte[] extra) {
        byte[] bytes = program.encode();
        byte[] truncated = Arrays.copyOf(bytes, Math.floorMod(cut, bytes.length));
        assertThat(decodeOrNull(truncated)).isNull();
        byte[] extended = Arrays.copyOf(bytes, bytes.length + extra.length);
        System.arraycopy(extra, 0, extended, bytes.length, extra.length);
        assertThat(decodeOrNull(extended)).isNull();
    }

    @Provide
    Arbitrary<byte[]> programLikeBytes() {
        // A valid header keeps random bytes from dying at the magic, so the instruction checks get exercised.
        Arbitrary<byte[]> tail = Arbitraries.bytes().array(byte[].class).ofMaxSize(60);
        Arbitrary<Integer> count = Arbitraries.integers().between(0, 6);
        return net.jqwik.api.Combinators.combine(count, tail).as((n, rest) -> {
            byte[] bytes = new byte[9 + rest.length];
            System.arraycopy(ProgramCodec.MAGIC, 0, bytes, 0, 4);
            bytes[4] = 1;
            bytes[8] = (byte) (int) n;
            System.arraycopy(rest, 0, bytes, 9, rest.length);
            return bytes;
        });
    }

    @Property(tries = 1000)
    void structuredGarbageOnlyEverFailsAsMalformed(@ForAll("programLikeBytes") byte[] bytes) {
        Program decoded = decodeOrNull(bytes);
        if (decoded != null) {
            assertThat(decoded.encode()).isEqualTo(bytes);
        }
    }

    @Property(tries = 500)
    void randomBytesOnlyEverFailAsMalformed(@ForAll @Size(max = 80) byte[] bytes) {
        decodeOrNull(bytes);
    }

    /** The decoded program, or null when rejected; any exception but the documented one fails the property. */
    private static Program decodeOrNull(byte[] bytes) {
        try {
            return ProgramCodec.decode(bytes);
        } catch (MalformedEncodingException rejected) {
            return null;
        }
    }
}
