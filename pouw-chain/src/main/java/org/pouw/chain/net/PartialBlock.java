package org.pouw.chain.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pouw.chain.block.Block;
import org.pouw.chain.tx.Transaction;
import org.pouw.ml.wire.Bytes32;

/**
 * One compact block being rebuilt (docs/network.md §4, "Compact blocks"): its transactions found by short id among
 * those the receiver already took ({@link #fill}), the rest asked of the sender ({@link BlockTxnRequest}) and checked
 * against their short ids when they come ({@link #receive}). The rebuilt block is handed on only if its transactions
 * make the header's transactions root, so a short-id collision can cost a fallback to the whole block, never a wrong
 * block; what the block is worth is then the import's to judge, as for any block pushed whole.
 *
 * <p>Not thread-safe: the node uses it on its sync thread.
 */
public final class PartialBlock {
    private final CompactBlock compact;
    private final Bytes32 chainId;
    private final Bytes32 hash;
    private final ShortTxIds ids;
    /** Each index's transaction as found or sent; null while missing. */
    private final Transaction[] slots;
    /** The short id at each index; prefilled indexes are never looked up. */
    private final long[] shortIdAt;
    private int[] missing = new int[0];

    /** Where a rebuild stands: whole, short of some transactions, to be fetched whole, or lied about. */
    public sealed interface Step {
        record Complete(Block block) implements Step {
        }

        record Missing(BlockTxnRequest request) implements Step {
        }

        /** Fetch the block whole: nobody is at fault (a collision, or a server that can not answer). */
        record Fallback(String why) implements Step {
        }

        /** The sender's transactions do not match the short ids it sent: bytes no honest node sends. */
        record Lie(String what) implements Step {
        }
    }

    private PartialBlock(CompactBlock compact, Bytes32 chainId) {
        this.compact = compact;
        this.chainId = chainId;
        this.hash = compact.hash(chainId);
        this.ids = ShortTxIds.of(hash, compact.nonce());
        this.slots = new Transaction[compact.count()];
        this.shortIdAt = new long[compact.count()];
        for (CompactBlock.Prefilled p : compact.prefilled()) {
            slots[p.index()] = p.transaction();
        }
        long[] shortIds = compact.shortIds();
        int n = 0;
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == null) {
                shortIdAt[i] = shortIds[n++];
            }
        }
    }

    public static PartialBlock of(CompactBlock compact, Bytes32 chainId) {
        return new PartialBlock(compact, chainId);
    }

    public Bytes32 hash() {
        return hash;
    }

    /** Bytes this rebuild holds beyond the pool's own transactions: the compact block's ids and prefilled ones. */
    public long heldBytes() {
        long bytes = 8L * shortIdAt.length + 8L * slots.length;
        for (CompactBlock.Prefilled p : compact.prefilled()) {
            bytes += p.transaction().encode().length;
        }
        return bytes;
    }

    /**
     * Finds the block's transactions in {@code pool} (transaction id → canonical encoding: what the node took into
     * its mempool lately). Two of the block's own short ids alike make the block ambiguous (fetch it whole); a short
     * id two pool transactions share leaves its slot missing, to be asked for.
     */
    public Step fill(Map<Bytes32, byte[]> pool) {
        Map<Long, Integer> wanted = new HashMap<>();
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == null && wanted.put(shortIdAt[i], i) != null) {
                return new Step.Fallback("two of the block's transactions share the short id "
                        + Long.toHexString(shortIdAt[i]));
            }
        }
        byte[][] found = new byte[slots.length][];
        boolean[] ambiguous = new boolean[slots.length];
        for (Map.Entry<Bytes32, byte[]> entry : pool.entrySet()) {
            Integer index = wanted.get(ids.of(entry.getKey()));
            if (index != null) {
                if (found[index] != null) {
                    ambiguous[index] = true;
                }
                found[index] = entry.getValue();
            }
        }
        List<Integer> stillMissing = new ArrayList<>();
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null) {
                continue;
            }
            if (found[i] != null && !ambiguous[i]) {
                slots[i] = Transaction.decode(found[i]);
            } else {
                stillMissing.add(i);
            }
        }
        missing = stillMissing.stream().mapToInt(Integer::intValue).toArray();
        return missing.length == 0 ? complete() : new Step.Missing(new BlockTxnRequest(hash, missing));
    }

    /** The sender's answer to the transactions asked for. */
    public Step receive(BlockTxns answer) {
        if (!answer.hash().equals(hash)) {
            return new Step.Lie("block_txn for " + answer.hash().hex() + " answering a request for " + hash.hex());
        }
        if (answer.transactions().isEmpty()) {
            return new Step.Fallback("the sender sent none of the " + missing.length + " transactions asked for");
        }
        if (answer.transactions().size() != missing.length) {
            return new Step.Lie("block_txn of " + answer.transactions().size() + " transactions for "
                    + missing.length + " asked for");
        }
        for (int k = 0; k < missing.length; k++) {
            Transaction tx = answer.transactions().get(k);
            if (ids.of(tx.id(chainId)) != shortIdAt[missing[k]]) {
                return new Step.Lie("block_txn: the transaction at index " + missing[k]
                        + " does not have the short id the compact block gave it");
            }
        }
        for (int k = 0; k < missing.length; k++) {
            slots[missing[k]] = answer.transactions().get(k);
        }
        missing = new int[0];
        return complete();
    }

    private Step complete() {
        List<Transaction> transactions = Arrays.asList(slots);
        if (!Block.transactionsRoot(transactions).equals(compact.header().txRoot())) {
            return new Step.Fallback("the rebuilt transactions do not make the header's root (a short-id collision"
                    + " with a transaction of this node's pool)");
        }
        return new Step.Complete(new Block(compact.header(), compact.opening(), transactions));
    }
}
