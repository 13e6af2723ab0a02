package org.pouw.stark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.pouw.stark.air.vm.VmStatement;
import org.pouw.vm.Program;

/**
 * Fuzzes {@link VmStark#verify} with the statement and program of the VM golden proof: arbitrary bytes (also behind
 * a valid header), every kind of truncation, single and multiple bit flips and byte splices of the real proof. The
 * verifier must refuse each with a defined reason — never accept, never throw, never report an internal error. The
 * real proof itself is accepted (so the harness feeds the verifier inputs it would otherwise take).
 */
class VmVerifierFuzzProperties {
    private static final byte[] PROOF = load();
    private static final Program PROGRAM = GoldenVectors.vmProgram();
    private static final VmStatement STATEMENT = GoldenVectors.vmStatement();

    private static byte[] load() {
        try {
            return VmGoldenProofTest.golden();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertRefused(byte[] bytes, String what) {
        StarkVerdict verdict = VmStark.verify(bytes, PROGRAM, STATEMENT);
        assertThat(verdict.valid()).as(what).isFalse();
        assertThat(verdict.reason()).as(what + ": " + verdict).isNotIn(StarkVerdict.Reason.VALID,
                StarkVerdict.Reason.INTERNAL_ERROR);
        StarkVerdict generic = StarkVerifier.verify(bytes);
        assertThat(generic.valid()).as("generic path, " + what).isFalse();
        assertThat(generic.reason()).as("generic path, " + what).isNotEqualTo(StarkVerdict.Reason.INTERNAL_ERROR);
    }

    @Example
    void theRealProofIsAccepted() {
        assertThat(VmStark.verify(PROOF, PROGRAM, STATEMENT).valid()).isTrue();
    }

    @Property(tries = 400)
    void arbitraryBytesAreRefused(@ForAll @Size(max = 4096) byte[] bytes, @ForAll boolean withRealHeader) {
        byte[] input = bytes.clone();
        if (withRealHeader) {
            // a valid magic, version, AIR id, options and shape, and the real statement: the parser goes deep
            int header = Math.min(input.length, 271);
            System.arraycopy(PROOF, 0, input, 0, header);
        }
        assertRefused(input, "arbitrary " + input.length + " bytes");
    }

    @Property(tries = 400)
    void everyTruncationIsRefused(@ForAll("lengths") int length) {
        assertRefused(Arrays.copyOf(PROOF, length), "truncated to " + length);
    }

    @Provide
    Arbitrary<Integer> lengths() {
        return Arbitraries.integers().between(0, PROOF.length - 1).edgeCases(e -> e.includeOnly(0, PROOF.length - 1));
    }

    @Property(tries = 600)
    void everySingleBitFlipIsRefused(@ForAll("positions") int position, @ForAll @IntRange(min = 0, max = 7) int bit) {
        byte[] flipped = PROOF.clone();
        flipped[position] ^= (byte) (1 << bit);
        assertRefused(flipped, "bit " + bit + " of byte " + position);
    }

    @Property(tries = 400)
    void severalFlipsAndSplicesAreRefused(@ForAll("positions") int first, @ForAll("positions") int second,
                                          @ForAll @IntRange(min = 1, max = 255) int xor,
                                          @ForAll @IntRange(min = 0, max = 64) int spliceLength) {
        byte[] changed = PROOF.clone();
        changed[first] ^= (byte) xor;
        changed[second] ^= (byte) 0x5A;
        // copy a run of the proof over another place (a Merkle node or row moved within the proof)
        int length = Math.min(spliceLength, Math.min(changed.length - first, changed.length - second));
        System.arraycopy(PROOF, first, changed, second, length);
        if (Arrays.equals(changed, PROOF)) {
            changed[first] ^= 1;
        }
        assertRefused(changed, "edits at " + first + " and " + second);
    }

    @Property(tries = 200)
    void trailingBytesAreRefused(@ForAll @Size(min = 1, max = 64) byte[] tail) {
        byte[] longer = Arrays.copyOf(PROOF, PROOF.length + tail.length);
        System.arraycopy(tail, 0, longer, PROOF.length, tail.length);
        assertRefused(longer, tail.length + " trailing bytes");
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, PROOF.length - 1);
    }
}
