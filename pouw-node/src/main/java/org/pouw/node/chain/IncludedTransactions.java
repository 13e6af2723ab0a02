package org.pouw.node.chain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pouw.chain.block.Block;
import org.pouw.chain.tx.Transaction;
import org.pouw.ml.wire.Bytes32;

/**
 * Which block of the followed branch includes each transaction, by transaction id: what {@code GET
 * /v1/chain/txs/{id}} answers without scanning blocks. It follows the tip — a block that extends it adds its
 * transactions, a reorg drops the left blocks' and adds the joined blocks' — so a transaction of a block on a side
 * branch is not "included". Not thread-safe: the chain service changes and reads it under its lock.
 */
final class IncludedTransactions {
    private final Bytes32 chainId;
    private final Map<Bytes32, Bytes32> blockOf = new HashMap<>();

    IncludedTransactions(Bytes32 chainId) {
        this.chainId = chainId;
    }

    void add(Bytes32 blockHash, Block block) {
        for (Transaction tx : block.transactions()) {
            blockOf.put(tx.id(chainId), blockHash);
        }
    }

    void remove(Bytes32 blockHash, Block block) {
        for (Transaction tx : block.transactions()) {
            blockOf.remove(tx.id(chainId), blockHash);
        }
    }

    /** The hash of the followed block that includes {@code txId}. */
    Optional<Bytes32> blockOf(Bytes32 txId) {
        return Optional.ofNullable(blockOf.get(txId));
    }

    /** How many of {@code left}'s transactions no block of {@code joined} includes again: back in the mempool. */
    long returned(List<Block> left, List<Block> joined) {
        java.util.Set<Bytes32> again = new java.util.HashSet<>();
        joined.forEach(block -> block.transactions().forEach(tx -> again.add(tx.id(chainId))));
        return left.stream().flatMap(block -> block.transactions().stream())
                .filter(tx -> !again.contains(tx.id(chainId))).count();
    }
}
