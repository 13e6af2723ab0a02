package org.pouw.cli.mine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.FinalModelCommit;
import org.pouw.chain.tx.FinalModelReveal;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.TxBody;

/**
 * The miner's own transactions waiting for its followed chain, so the next ones take the nonces after them and a due
 * commit or reveal never waits for a pending opening to be mined. What is pending is what the miner's own mempool
 * holds of its transactions, a run of consecutive nonces from the chain's: a transaction whose nonce the chain has
 * used is done; one the mempool no longer holds was dropped (a reorg made it invalid, e.g. an opening's challenge
 * changed, or it was refused) and is forgotten with every later one, so the round re-signs what is still due from
 * the chain's nonce; and one the mempool holds that the miner did not post this time — a transaction of a block a
 * reorg disconnected, which the mempool takes back — is adopted, since it takes its nonce on every node that took it
 * back too (signing something else at that nonce would be a replacement the nodes refuse as underpriced).
 */
final class OwnTransactions {
    private final List<Sent> pending = new ArrayList<>();

    record Sent(Transaction tx) {
    }

    /**
     * Brings the pending run in line with the chain ({@code chainNonce} is the account's next nonce) and with
     * {@code held}, this miner's transactions its own mempool holds: the run is {@code held} from the chain's nonce
     * up to the first gap, whether this miner posted each or a reorg gave it back.
     */
    void settle(long chainNonce, List<Transaction> held) {
        List<Transaction> run = held.stream().filter(tx -> tx.nonce() >= chainNonce)
                .sorted(Comparator.comparingLong(Transaction::nonce)).toList();
        List<Sent> settled = new ArrayList<>();
        long expected = chainNonce;
        for (Transaction tx : run) {
            if (tx.nonce() != expected) {
                break;
            }
            settled.add(new Sent(tx));
            expected++;
        }
        pending.clear();
        pending.addAll(settled);
    }

    /** Forgets the pending transaction of {@code nonce} and every later one (a node refused it). */
    void forgetFrom(long nonce) {
        pending.removeIf(sent -> sent.tx().nonce() >= nonce);
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
     * run of openings before it; the displaced audit is opened again after, for the challenge that stands then.
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

    /** Whether a pending opening answers the audit of the block at {@code auditedHeight}. */
    boolean opens(long auditedHeight) {
        return pending.stream().anyMatch(sent -> sent.tx().body() instanceof AuditOpen open
                && open.auditedHeight() == auditedHeight);
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
    void sent(Transaction tx) {
        pending.removeIf(sent -> sent.tx().nonce() == tx.nonce());
        pending.add(new Sent(tx));
    }
}
