package org.pouw.chain.block;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;

/**
 * A block: its header and its transactions, in the order they apply (docs/chain.md §7). The header's transactions
 * root is the pouw-crypto Merkle root over the transactions' encodings, so the signed header fixes the body.
 *
 * <p>Encoding: {@code "PCBK" 0x01 ‖ header ‖ count u32 ‖ (length u32 ‖ transaction)*}.
 */
public record Block(BlockHeader header, List<Transaction> transactions) {
    /** More than any block may carry under the consensus limit; bounds decoding before the limit is checked. */
    public static final int MAX_ENCODED_TRANSACTIONS = 1 << 16;
    private static final byte[] TAG = "PCBK\u0001".getBytes(StandardCharsets.ISO_8859_1);

    public Block {
        if (header == null || transactions == null) {
            throw new IllegalArgumentException("a block needs a header and a transaction list");
        }
        transactions = List.copyOf(transactions);
    }

    /** The Merkle root over {@code transactions}' encodings, as a header carries it. */
    public static Bytes32 transactionsRoot(List<Transaction> transactions) {
        List<byte[]> leaves = new ArrayList<>(transactions.size());
        for (Transaction tx : transactions) {
            leaves.add(tx.encode());
        }
        return Bytes32.of(MerkleTree.ofData(leaves).root());
    }

    public byte[] encode() {
        CanonicalWriter out = new CanonicalWriter(1024).raw(TAG).raw(header.encode()).i32(transactions.size());
        for (Transaction tx : transactions) {
            out.bytes(tx.encode());
        }
        return out.toByteArray();
    }

    public static Block decode(byte[] bytes) {
        CanonicalReader in = new CanonicalReader(bytes);
        in.expectTag(TAG, "block");
        BlockHeader header = BlockHeader.read(in);
        int count = in.count("transactions", MAX_ENCODED_TRANSACTIONS, 4);
        List<Transaction> transactions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            transactions.add(Transaction.decode(in.bytes("transaction " + i, Transaction.MAX_ENCODED)));
        }
        in.requireEnd("block");
        return new Block(header, transactions);
    }
}
