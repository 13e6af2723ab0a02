package org.pouw.cli.mine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.FinalModelCommit;
import org.pouw.chain.tx.FinalModelReveal;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.TxBody;

/**
 * The miner's own transactions posted and not yet in its followed chain, so the next ones take the nonces after them
 * and a due commit or reveal never waits for a pending opening to be mined. A transaction whose nonce the chain has
 * used is done. One its own mempool no longer holds was dropped — its block orphaned and the reorg made it invalid
 * (an opening's challenge changed), or refused — and it and every later one (their nonces follow it) are forgotten at
 * once, so the round re-signs what is still due from the chain's nonce. If the chain's nonce has not reached one
 * within {@value #STALE_BLOCKS} blocks of posting, the node dropped it (an eviction) and all are forgotten.
 */
final class OwnTransactions {
    static final long STALE_BLOCKS = 12;
    private final List<Sent> pending = new ArrayList<>();

    record Sent(Transaction tx, long postedAtHeight) {
    }

    /**
     * Drops what the chain has used ({@code chainNonce} is the account's next nonce at height {@code height}), and
     * from the first transaction {@code held} (the miner's own mempool) no longer holds, or the first after a nonce
     * gap, everything after it.
     */
    void settle(long chainNonce, long height, Predicate<Transaction> held) {
        pending.removeIf(sent -> sent.tx().nonce() < chainNonce);
        pending.sort(Comparator.comparingLong(sent -> sent.tx().nonce()));
        long expected = chainNonce;
        for (int i = 0; i < pending.size(); i++) {
            Transaction tx = pending.get(i).tx();
            if (tx.nonce() != expected || !held.test(tx)) {
                pending.subList(i, pending.size()).clear();
                break;
            }
            expected++;
        }
        if (pending.stream().anyMatch(sent -> height - sent.postedAtHeight() > STALE_BLOCKS)) {
            pending.clear();
        }
    }

    boolean idle() {
        return pending.isEmpty();
    }

    /** The pending transactions in nonce order. */
    List<Sent> pending() {
        return pending.stream().sorted(Comparator.comparingLong(sent -> sent.tx().nonce())).toList();
    }

    /**
     * The pending openings in nonce order: a due commit or reveal takes the nonce of the first (replacing it at a
     * higher fee), since a block's audit budget fits about one opening and the reveal window may be shorter than the
     * run of openings before it; the displaced opening is signed again after.
     */
    List<Sent> openings() {
        return pending().stream().filter(sent -> sent.tx().body() instanceof AuditOpen).toList();
    }

    /** The nonce of the next transaction, after the pending ones (which {@link #settle} keeps consecutive). */
    long nextNonce(long chainNonce) {
        return chainNonce + pending.size();
    }

    /**
     * Whether a pending transaction already does what {@code body} would: opens the same audit, or commits or
     * reveals on the same task — so the round does not sign it twice.
     */
    boolean carries(TxBody body) {
        return pending.stream().anyMatch(sent -> sameWork(sent.tx().body(), body));
    }

    private static boolean sameWork(TxBody a, TxBody b) {
        return switch (a) {
            case AuditOpen open -> b instanceof AuditOpen other && other.auditedHeight() == open.auditedHeight();
            case FinalModelCommit commit -> b instanceof FinalModelCommit other
                    && other.taskId().equals(commit.taskId());
            case FinalModelReveal reveal -> b instanceof FinalModelReveal other
                    && other.taskId().equals(reveal.taskId());
            default -> false;
        };
    }

    /** Records {@code tx} as posted, replacing a pending one of the same nonce. */
    void sent(Transaction tx, long height) {
        pending.removeIf(sent -> sent.tx().nonce() == tx.nonce());
        pending.add(new Sent(tx, height));
    }
}
