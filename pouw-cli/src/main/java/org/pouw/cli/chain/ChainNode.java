package org.pouw.cli.chain;

import java.time.Duration;
import java.util.function.Supplier;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.GenesisFile;
import org.pouw.chain.tx.Transaction;
import org.pouw.client.ChainApi;
import org.pouw.client.NodeException;
import org.pouw.client.PouwClient;
import org.pouw.client.chain.ChainAccount;
import org.pouw.client.chain.ChainRefusedException;
import org.pouw.client.chain.ChainTx;
import org.pouw.core.PouwException;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.EncodingException;

/**
 * The chain as the CLI reaches it through one node's API (pouw-client {@link ChainApi}): the genesis, checked against
 * the chain id before anything is signed for it; the sender's next nonce; posting a signed transaction and waiting
 * for a block to include it. A node that does not run the chain, or refuses a transaction, becomes one clear message.
 */
public final class ChainNode {
    private static final Duration POLL = Duration.ofMillis(250);

    private final PouwClient client;
    private ChainGenesis genesis;

    public ChainNode(PouwClient client) {
        this.client = client;
    }

    /**
     * The node's genesis, read from the genesis file it serves and checked to hash to the chain id it names: the
     * chain id every signature covers is computed here, never taken on trust.
     */
    public ChainGenesis genesis() {
        if (genesis == null) {
            var served = call(() -> client.chain().genesis());
            ChainGenesis parsed;
            try {
                parsed = GenesisFile.parse(served.genesisFile());
            } catch (PouwException | IllegalArgumentException e) {
                throw new NodeException(200, "bad_response", "the node's genesis file does not parse: "
                        + e.getMessage());
            }
            if (!parsed.chainId().hex().equals(served.chainId())) {
                throw new NodeException(200, "bad_response", "the node's genesis hashes to chain "
                        + parsed.chainId().hex() + " but the node says it runs " + served.chainId());
            }
            genesis = parsed;
        }
        return genesis;
    }

    public Bytes32 chainId() {
        return genesis().chainId();
    }

    public ChainAccount account(Bytes32 key) {
        return call(() -> client.chain().account(AccountKeys.did(key)));
    }

    /**
     * The nonce {@code key}'s next transaction needs: one past the last it has pending in the node's mempool, else the
     * account's nonce on the tip — so two sends in a row without {@code --wait} both go through.
     */
    public long nextNonce(Bytes32 key, ChainAccount account) {
        long next = account.nonce();
        for (byte[] encoded : call(() -> client.chain().mempool())) {
            Transaction pending;
            try {
                pending = Transaction.decode(encoded);
            } catch (EncodingException | IllegalArgumentException e) {
                continue;   // the node's problem, not this sender's nonce
            }
            if (pending.sender().equals(key) && pending.nonce() >= next) {
                next = pending.nonce() + 1;
            }
        }
        return next;
    }

    /** Offers {@code tx} to the node's mempool; the node's id must be the one computed here. */
    public Bytes32 post(Transaction tx) {
        Bytes32 id = tx.id(chainId());
        String answered;
        try {
            answered = call(() -> client.chain().submitTx(tx.encode())).id();
        } catch (ChainRefusedException e) {
            throw new NodeException(e.status(), e.code(), "the node refused the " + TxView.kindName(tx.kind())
                    + " transaction: " + e.reason() + (e.getMessage() == null || e.getMessage().isBlank() ? ""
                    : ": " + e.getMessage()));
        }
        if (!id.hex().equals(answered)) {
            throw new NodeException(200, "bad_response", "the node named the transaction " + answered
                    + " but its id is " + id.hex());
        }
        return id;
    }

    public ChainTx tx(Bytes32 id) {
        return call(() -> client.chain().tx(id.hex()));
    }

    /**
     * Waits until a block on the followed branch includes {@code id}, for at most {@code timeout}. A transaction that
     * leaves the mempool without being included (a block refused it, or a reorg dropped it) is reported, not waited
     * for.
     */
    public ChainTx awaitIncluded(Bytes32 id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ChainTx seen;
            try {
                seen = tx(id);
            } catch (NodeException e) {
                if (e.status() == 404) {
                    throw new NodeException(404, "tx_dropped", "transaction " + id.hex() + " is no longer in the"
                            + " node's mempool and no block includes it");
                }
                throw e;
            }
            if (seen.isIncluded()) {
                return seen;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new NodeException(408, "timeout", "transaction " + id.hex() + " still pending after "
                        + timeout.toSeconds() + " s; follow it with 'pouw chain tx " + id.hex() + "'");
            }
            Thread.sleep(POLL);
        }
    }

    public ChainApi api() {
        return client.chain();
    }

    /** Runs one call to the node, turning "this node has no chain" into a message that says what to do. */
    public <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (ChainRefusedException e) {
            throw e;
        } catch (NodeException e) {
            if (e.status() == 404 && "chain_disabled".equals(e.code())) {
                throw new NodeException(404, e.code(), "the node at " + client.node() + " does not run the chain"
                        + " (set chain.enabled = true in its config and put a genesis in its data folder with"
                        + " 'pouw chain init')");
            }
            throw e;
        }
    }
}
