package org.pouw.chain.block;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pouw.chain.mining.WinnerOpening;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * A block: its header, the opening of its winning step (the start state and the batch records a validator replays
 * it from) and its transactions, in the order they apply (docs/chain.md §7). The header's transactions root is the
 * pouw-crypto Merkle root over the transactions' encodings, so the signed header fixes the transactions; the header's
 * winning step fixes the opening (its start-state hash, and the records through the task's dataset root).
 *
 * <p>Encoding (version 2): {@code "PCBK" 0x02 ‖ header ‖ opening ‖ count u32 ‖ (length u32 ‖ transaction)*}, at
 * most {@value #MAX_ENCODED} bytes in all (docs/chain.md §9).
 */
public record Block(BlockHeader header, WinnerOpening opening, List<Transaction> transactions) {
    /** More than any block may carry under the consensus limit; bounds decoding before the limit is checked. */
    public static final int MAX_ENCODED_TRANSACTIONS = 1 << 16;
    /** The largest opening, the largest transaction list and the header, rounded up. */
    public static final int MAX_ENCODED = 96 << 20;
    private static final byte[] TAG = "PCBK\u0002".getBytes(StandardCharsets.ISO_8859_1);

    public Block {
        if (header == null || opening == null || transactions == null) {
            throw new IllegalArgumentException("a block needs a header, the winner's opening and a transaction list");
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
        CanonicalWriter out = new CanonicalWriter(1024).raw(TAG).raw(header.encode());
        opening.writeTo(out);
        out.i32(transactions.size());
        for (Transaction tx : transactions) {
            out.bytes(tx.encode());
        }
        return out.toByteArray();
    }

    public static Block decode(byte[] bytes) {
        if (bytes.length > MAX_ENCODED) {
            throw new EncodingException("block: " + bytes.length + " bytes, at most " + MAX_ENCODED);
        }
        CanonicalReader in = new CanonicalReader(bytes);
        in.expectTag(TAG, "block");
        BlockHeader header = BlockHeader.read(in);
        WinnerOpening opening = WinnerOpening.read(in);
        int count = in.count("transactions", MAX_ENCODED_TRANSACTIONS, 4);
        List<Transaction> transactions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            transactions.add(Transaction.decode(in.bytes("transaction " + i, Transaction.MAX_ENCODED)));
        }
        in.requireEnd("block");
        return new Block(header, opening, transactions);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Block that && Arrays.equals(encode(), that.encode());
    }

    @Override
    public int hashCode() {
        return header.hashCode();
    }

    @Override
    public String toString() {
        return header + " with " + transactions.size() + " transactions";
    }
}
