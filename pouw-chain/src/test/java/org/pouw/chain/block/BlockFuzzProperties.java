package org.pouw.chain.block;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.Transfer;
import org.pouw.ml.wire.EncodingException;

/**
 * Headers and blocks arrive from peers as bytes: each input either decodes to a value that re-encodes to exactly
 * those bytes, or is refused with an {@link EncodingException} — never another exception, never a second spelling.
 */
class BlockFuzzProperties {
    private static final BlockHeader HEADER = MinedHeaders.mine(MinedHeaders.ALICE, MinedHeaders.PARENT,
            MinedHeaders.BITS, MinedHeaders.TICKETS).header();
    private static final Block BLOCK = new Block(HEADER, MinedHeaders.OPENING,
            List.of(Transaction.sign(MinedHeaders.ALICE, MinedHeaders.CHAIN, 0, 1, new byte[] {7},
                    new Transfer(MinedHeaders.bytes("bob"), 5))));

    @Property(tries = 1_000)
    void mutatedHeadersDecodeCanonicallyOrAreRefused(@ForAll("mutatedHeaders") byte[] bytes) {
        BlockHeader decoded;
        try {
            decoded = BlockHeader.decode(bytes);
        } catch (EncodingException refused) {
            return;
        }
        assertThat(decoded.encode()).isEqualTo(bytes);
    }

    @Property(tries = 1_000)
    void mutatedBlocksDecodeCanonicallyOrAreRefused(@ForAll("mutatedBlocks") byte[] bytes) {
        Block decoded;
        try {
            decoded = Block.decode(bytes);
        } catch (EncodingException refused) {
            return;
        }
        assertThat(decoded.encode()).isEqualTo(bytes);
    }

    @Property(tries = 500)
    void randomBytesAreRefused(@ForAll byte[] bytes) {
        try {
            Block.decode(bytes);
        } catch (EncodingException refused) {
            return;
        }
        assertThat(bytes).as("random bytes decoded as a block").isEmpty();
    }

    @Provide
    Arbitrary<byte[]> mutatedHeaders() {
        return mutations(HEADER.encode());
    }

    @Provide
    Arbitrary<byte[]> mutatedBlocks() {
        return mutations(BLOCK.encode());
    }

    /** One byte changed, or the bytes cut short, or one byte appended. */
    private static Arbitrary<byte[]> mutations(byte[] good) {
        Arbitrary<byte[]> changed = Arbitraries.integers().between(0, good.length - 1).flatMap(position ->
                Arbitraries.bytes().map(value -> {
                    byte[] copy = good.clone();
                    copy[position] = value;
                    return copy;
                }));
        Arbitrary<byte[]> cut = Arbitraries.integers().between(0, good.length - 1)
                .map(length -> Arrays.copyOf(good, length));
        Arbitrary<byte[]> longer = Arbitraries.bytes().map(extra -> {
            byte[] copy = Arrays.copyOf(good, good.length + 1);
            copy[good.length] = extra;
            return copy;
        });
        return Arbitraries.oneOf(changed, cut, longer);
    }
}
