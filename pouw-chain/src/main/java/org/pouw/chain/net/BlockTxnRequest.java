package org.pouw.chain.net;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.pouw.chain.block.Block;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * {@code get_block_txn} (BIP 152's {@code getblocktxn}): the transactions at {@code indexes} of the block {@code hash}
 * that a compact block's receiver could not find among its own (docs/network.md §4, "Compact blocks").
 *
 * <pre>
 * get_block_txn: "PGBT" 0x01 ‖ hash[32] ‖ count u32 (1–65,536) ‖ count × index u32, strictly ascending
 * </pre>
 */
public record BlockTxnRequest(Bytes32 hash, int[] indexes) {
    private static final byte[] TAG = "PGBT\u0001".getBytes(StandardCharsets.ISO_8859_1);

    public BlockTxnRequest {
        indexes = indexes.clone();
        if (indexes.length < 1 || indexes.length > Block.MAX_ENCODED_TRANSACTIONS) {
            throw new IllegalArgumentException("1 to " + Block.MAX_ENCODED_TRANSACTIONS + " indexes, got "
                    + indexes.length);
        }
        for (int i = 0; i < indexes.length; i++) {
            if (indexes[i] < (i == 0 ? 0 : indexes[i - 1] + 1)) {
                throw new IllegalArgumentException("indexes must be ascending and distinct, from 0");
            }
        }
    }

    @Override
    public int[] indexes() {
        return indexes.clone();
    }

    public byte[] encode() {
        CanonicalWriter out = new CanonicalWriter(TAG.length + 36 + 4 * indexes.length).raw(TAG).bytes32(hash)
                .i32(indexes.length);
        for (int index : indexes) {
            out.i32(index);
        }
        return out.toByteArray();
    }

    public static BlockTxnRequest decode(byte[] bytes) {
        CanonicalReader in = new CanonicalReader(bytes);
        in.expectTag(TAG, "get_block_txn");
        Bytes32 hash = in.bytes32("hash");
        int count = in.count("indexes", Block.MAX_ENCODED_TRANSACTIONS, 4);
        if (count == 0) {
            throw new EncodingException("get_block_txn: no index asked for");
        }
        int[] indexes = new int[count];
        for (int i = 0; i < count; i++) {
            indexes[i] = in.i32InRange("index", i == 0 ? 0 : indexes[i - 1] + 1, Block.MAX_ENCODED_TRANSACTIONS - 1);
        }
        in.requireEnd("get_block_txn");
        return new BlockTxnRequest(hash, indexes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BlockTxnRequest that && hash.equals(that.hash) && Arrays.equals(indexes, that.indexes);
    }

    @Override
    public int hashCode() {
        return hash.hashCode() * 31 + Arrays.hashCode(indexes);
    }
}
