package org.pouw.cli.chain;

import java.nio.charset.StandardCharsets;
import org.pouw.chain.tx.BuyTickets;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.RevealHeldOut;
import org.pouw.chain.tx.StakeRole;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.Transfer;
import org.pouw.chain.tx.TxBody;
import org.pouw.chain.tx.Unstake;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

/**
 * The transactions the wallet and task commands send, built and signed with pouw-chain's own classes
 * ({@link Transaction#sign}) over the chain id the node's genesis hashes to. Every value a person typed is checked
 * here first, and a bad one is refused naming its option, before anything is signed or sent.
 *
 * @param key     the sender's key (its did:key is the account)
 * @param chainId the chain the signature is for: a transaction signed for one chain is worthless on another
 * @param fee     the transaction fee in base units (the miner's), {@code --fee}
 * @param memo    up to {@value Transaction#MAX_DATA} bytes the chain carries and never reads, {@code --memo}
 */
public record WalletTransactions(Ed25519.KeyPair key, Bytes32 chainId, long fee, byte[] memo) {
    /** The fee when {@code --fee} is not given: one base unit, enough to order a transaction in a quiet mempool. */
    public static final long DEFAULT_FEE = 1;

    public WalletTransactions {
        if (key == null || chainId == null) {
            throw new IllegalArgumentException("a wallet needs its key and the chain id");
        }
        if (fee < 0) {
            throw new IllegalArgumentException("--fee: must be >= 0, got " + fee);
        }
        memo = memo == null ? new byte[0] : memo.clone();
        if (memo.length > Transaction.MAX_DATA) {
            throw new IllegalArgumentException("--memo: at most " + Transaction.MAX_DATA + " bytes, got "
                    + memo.length);
        }
    }

    public WalletTransactions(Ed25519.KeyPair key, Bytes32 chainId, long fee) {
        this(key, chainId, fee, new byte[0]);
    }

    /** {@code --memo} as UTF-8 bytes; null (no memo) is empty. */
    public static byte[] memo(String text) {
        return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    }

    /** The account the transactions come from. */
    public Bytes32 sender() {
        return Bytes32.of(key.publicKey());
    }

    @Override
    public byte[] memo() {
        return memo.clone();
    }

    public Transaction transfer(long nonce, Bytes32 to, long amount) {
        if (to == null) {
            throw new IllegalArgumentException("--to: give the receiving did:key");
        }
        return sign(nonce, new Transfer(to, positive("--amount", amount)));
    }

    /** {@code buy_tickets}: locks {@code amount} of the balance as miner stake. */
    public Transaction stake(long nonce, long amount) {
        return sign(nonce, new BuyTickets(StakeRole.MINER, positive("--amount", amount)));
    }

    /** {@code unstake}: starts unbonding {@code amount} of the miner stake. */
    public Transaction unstake(long nonce, long amount) {
        return sign(nonce, new Unstake(StakeRole.MINER, positive("--amount", amount)));
    }

    public Transaction payForTask(long nonce, PayForTask task) {
        return sign(nonce, task);
    }

    public Transaction revealHeldOut(long nonce, RevealHeldOut reveal) {
        return sign(nonce, reveal);
    }

    /** What a transaction costs the sender's spendable balance: the fee plus what it moves or locks. */
    public static long cost(Transaction tx) {
        long moved = switch (tx.body()) {
            case Transfer transfer -> transfer.amount();
            case BuyTickets stake -> stake.amount();
            case PayForTask pay -> pay.escrow();
            default -> 0;
        };
        return Math.addExact(tx.fee(), moved);
    }

    private Transaction sign(long nonce, TxBody body) {
        if (nonce < 0) {
            throw new IllegalArgumentException("nonce: must be >= 0, got " + nonce);
        }
        return Transaction.sign(key, chainId, nonce, fee, memo, body);
    }

    private static long positive(String option, long amount) {
        if (amount <= 0) {
            throw new IllegalArgumentException(option + ": must be a whole number of base units > 0, got " + amount);
        }
        return amount;
    }
}
