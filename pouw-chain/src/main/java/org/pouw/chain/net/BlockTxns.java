package org.pouw.chain.net;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.pouw.chain.block.Block;
import org.pouw.chain.tx.Transaction;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * {@code block_txn} (BIP 152's {@code blocktxn}): the answer to a {@link BlockTxnRequest}, the transactions asked for
 * in the order asked. An empty answer says "fetch the block whole": the server sends it when the transactions would
 * not fit one link frame or its outbound budget for the asker ran out.
 *
 * <pre>
 * block_txn: "PBTN" 0x01 ‖ hash[32] ‖ count u32 ‖ count × transaction (length u32 ‖ bytes)
 * </pre>
 */
public record BlockTxns(Bytes32 hash, List<Transaction> transactions) {
    private static final byte[] TAG = "PBTN\u0001".getBytes(StandardCharsets.ISO_8859_1);

    public BlockTxns {
        transactions = List.copyOf(transactions);
    }

    public byte[] encode() {
        CanonicalWriter out = new CanonicalWriter(1024).raw(TAG).bytes32(hash).i32(transactions.size());
        for (Transaction tx : transactions) {
            out.bytes(tx.encode());
        }
        return out.toByteArray();
    }

    public static BlockTxns decode(byte[] bytes) {
        try {
            CanonicalReader in = new CanonicalReader(bytes);
            in.expectTag(TAG, "block_txn");
            Bytes32 hash = in.bytes32("hash");
            int count = in.count("transactions", Block.MAX_ENCODED_TRANSACTIONS, 4);
            List<Transaction> transactions = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                transactions.add(Transaction.decode(in.bytes("transaction " + i, Transaction.MAX_ENCODED)));
            }
            in.requireEnd("block_txn");
            return new BlockTxns(hash, transactions);
        } catch (IllegalArgumentException e) {
            throw new EncodingException("block_txn: " + e.getMessage());
        }
    }
}
