package org.pouw.chain.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.EncodingException;

/** Bytes from the network: each either decodes to a transaction that re-encodes to exactly them, or is refused. */
class TransactionFuzzProperties {
    @Property(tries = 2_000)
    void randomBytesDecodeCanonicallyOrAreRefused(@ForAll byte[] bytes) {
        checkDecoding(bytes);
    }

    @Property(tries = 2_000)
    void mutatedTransactionsDecodeCanonicallyOrAreRefused(@ForAll("mutated") byte[] bytes) {
        checkDecoding(bytes);
    }

    /** Task reveals of any content round-trip exactly; truncated anywhere they are refused, never misread. */
    @Property(tries = 300)
    void revealsRoundTripAndTruncationsAreRefused(@ForAll @Size(max = 6) List<@Size(max = 40) byte[]> records,
                                                  @ForAll @Size(max = 64) byte[] model,
                                                  @ForAll @IntRange(min = 0, max = 10_000) int cut) {
        Bytes32 task = Bytes32.fromHex("c1".repeat(32));
        for (TxBody body : List.of(new RevealHeldOut(task, task, records), new FinalModelReveal(task, task, model))) {
            byte[] good = Transaction.sign(TransactionTest.ALICE, TransactionTest.CHAIN, 0, 0, new byte[0], body)
                    .encode();
            Transaction decoded = Transaction.decode(good);
            assertThat(decoded.body()).isEqualTo(body);
            assertThat(decoded.encode()).isEqualTo(good);
            byte[] truncated = java.util.Arrays.copyOf(good, cut % good.length);
            assertThatThrownBy(() -> Transaction.decode(truncated)).isInstanceOf(EncodingException.class);
        }
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        Arbitrary<Integer> kinds = Arbitraries.integers().between(0, TransactionTest.everyKind().size() - 1);
        return kinds.flatMap(kind -> {
            byte[] good = Transaction.sign(TransactionTest.ALICE, TransactionTest.CHAIN, 1, 1, new byte[3],
                    TransactionTest.everyKind().get(kind)).encode();
            return Arbitraries.integers().between(0, good.length - 1).flatMap(position ->
                    Arbitraries.bytes().map(value -> {
                        byte[] copy = good.clone();
                        copy[position] = value;
                        return copy;
                    }));
        });
    }

    private static void checkDecoding(byte[] bytes) {
        Transaction decoded;
        try {
            decoded = Transaction.decode(bytes);
        } catch (EncodingException refused) {
            return;
        }
        assertThat(decoded.encode()).isEqualTo(bytes);
    }
}
