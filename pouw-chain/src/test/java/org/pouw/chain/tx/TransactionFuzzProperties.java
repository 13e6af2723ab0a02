package org.pouw.chain.tx;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
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
