package org.pouw.chain.state;

import org.pouw.chain.task.TaskParameters;
import org.pouw.chain.tx.Anchor;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.BuyTickets;
import org.pouw.chain.tx.FinalModelCommit;
import org.pouw.chain.tx.FinalModelReveal;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.RevealHeldOut;
import org.pouw.chain.tx.Slash;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.Transfer;
import org.pouw.chain.tx.Unstake;
import org.pouw.ml.wire.Bytes32;

/**
 * The state transition of one transaction (docs/chain.md §7): it applies to a {@link StateLayer} at a height, or is
 * refused with a {@link TxRefusal} and changes nothing. The nonce must be exactly the sender's, so a replayed or
 * reordered transaction is refused; the spendable balance must cover the amount and the fee, so a double spend in
 * one block or across blocks is refused the second time; every sum is exact, never wrapping. Task transactions
 * (docs/chain.md §4) pass their own rules too ({@link TaskTransactionRules}) before anything is written; a
 * {@code pay_for_task} spends its escrow like an amount, which leaves the poster's balance for good.
 */
public final class TransactionRules {
    private final Bytes32 chainId;
    private final ChainParameters parameters;
    private final TaskTransactionRules tasks;
    private final AuditTransactionRules audits;
    private final VerifiedSignatures signatures;

    public TransactionRules(Bytes32 chainId, ChainParameters parameters) {
        this(chainId, parameters, TaskParameters.DEFAULTS);
    }

    public TransactionRules(Bytes32 chainId, ChainParameters parameters, TaskParameters taskParameters) {
        this(chainId, parameters, taskParameters, null);
    }

    /** The full rules: with {@code audits}, {@code audit_open} and {@code slash} apply (docs/chain.md §5). */
    public TransactionRules(Bytes32 chainId, ChainParameters parameters, TaskParameters taskParameters,
                            AuditTransactionRules audits) {
        this.chainId = chainId;
        this.parameters = parameters;
        this.tasks = new TaskTransactionRules(chainId, taskParameters);
        this.audits = audits;
        this.signatures = new VerifiedSignatures(chainId);
    }

    /**
     * The checks of an {@code audit_open} that cost no replay (docs/network.md §4, "Openings"): its signature for
     * this chain, a challenged and unopened audit of its sender at its height answering this branch's challenge, and
     * exactly the challenged steps. Null when it passes them (its replay may still fail), the refusal otherwise;
     * nonces and funds are left to the mempool, which knows the sender's pending run. Reads only.
     */
    public TxOutcome precheckOpening(StateLayer state, Transaction tx, long height) {
        if (!(tx.body() instanceof AuditOpen)) {
            throw new IllegalArgumentException("not an audit_open: " + tx.kind());
        }
        if (!signatures.valid(tx)) {
            return TxOutcome.refused(TxRefusal.BAD_SIGNATURE);
        }
        return audits == null ? TxOutcome.refused(TxRefusal.NO_AUDIT_RULES) : audits.check(state, tx, height);
    }

    /** Signatures these rules actually verified (not found already verified); for tests. */
    long signatureVerifications() {
        return signatures.verifications();
    }

    public TxOutcome apply(StateLayer state, Transaction tx, long height) {
        if (!signatures.valid(tx)) {
            return TxOutcome.refused(TxRefusal.BAD_SIGNATURE);
        }
        Bytes32 sender = tx.sender();
        Account account = state.account(sender);
        if (tx.nonce() < account.nonce()) {
            return TxOutcome.refused(TxRefusal.NONCE_USED);
        }
        if (tx.nonce() > account.nonce()) {
            return TxOutcome.refused(TxRefusal.NONCE_GAP);
        }
        Stake stake = state.stake(sender).at(height);
        long released = releasable(state, sender, stake, height);
        try {
            long spendable = Math.addExact(account.balance(), released);
            long cost = Math.addExact(tx.fee(), amountSpent(tx));
            if (spendable < cost) {
                return TxOutcome.refused(TxRefusal.INSUFFICIENT_FUNDS);
            }
            if (tx.body() instanceof Unstake unstake && stake.stakedAt(height) < unstake.amount()) {
                return TxOutcome.refused(TxRefusal.INSUFFICIENT_STAKE);
            }
            if (tx.body() instanceof Transfer transfer && !transfer.to().equals(sender)) {
                Math.addExact(state.account(transfer.to()).balance(), transfer.amount());
            }
            TxOutcome taskRefusal = tasks.check(state, tx, height);
            if (taskRefusal != null) {
                return taskRefusal;
            }
            if (tx.body() instanceof AuditOpen || tx.body() instanceof Slash) {
                TxOutcome auditRefusal = audits == null ? TxOutcome.refused(TxRefusal.NO_AUDIT_RULES)
                        : audits.check(state, tx, height);
                if (auditRefusal != null) {
                    return auditRefusal;
                }
            }
            if (released > 0) {
                stake = stake.released(height);
            }
            state.putAccount(sender, new Account(spendable - cost, account.nonce() + 1));
            state.putStake(sender, nextStake(tx, stake, state.lastObligation(sender), height));
            if (tx.body() instanceof Transfer transfer) {
                Account to = state.account(transfer.to());
                state.putAccount(transfer.to(), new Account(Math.addExact(to.balance(), transfer.amount()), to.nonce()));
            }
            tasks.apply(state, tx, height);
            if (audits != null) {
                audits.apply(state, tx, height);
            }
            return TxOutcome.applied(tx.fee());
        } catch (ArithmeticException overflow) {
            return TxOutcome.refused(TxRefusal.AMOUNT_OVERFLOW);
        }
    }

    /** What the sender can spend at {@code height}: its balance and any unbonded stake whose wait is over. */
    public long spendable(StateLayer state, Bytes32 key, long height) {
        Stake stake = state.stake(key).at(height);
        return Math.addExact(state.account(key).balance(), releasable(state, key, stake, height));
    }

    /**
     * Unbonded stake returns once its unbonding delay has run from the unstake and from the key's last obligation:
     * a miner cannot take back the stake that answers for a block it mined after unstaking part of it.
     */
    private long releasable(StateLayer state, Bytes32 key, Stake stake, long height) {
        long lastObligation = state.lastObligation(key);
        if (lastObligation >= 0 && height < lastObligation + parameters.unbondingDelay()) {
            return 0;
        }
        return stake.releasableAt(height);
    }

    private static long amountSpent(Transaction tx) {
        return switch (tx.body()) {
            case Transfer transfer -> transfer.amount();
            case BuyTickets buy -> buy.amount();
            case Unstake ignored -> 0;
            case Anchor ignored -> 0;
            case PayForTask pay -> pay.escrow();
            case FinalModelCommit ignored -> 0;
            case FinalModelReveal ignored -> 0;
            case RevealHeldOut ignored -> 0;
            case AuditOpen ignored -> 0;
            case Slash ignored -> 0;
        };
    }

    private Stake nextStake(Transaction tx, Stake stake, long lastObligation, long height) {
        return switch (tx.body()) {
            case BuyTickets buy -> stake.buy(buy.amount(), height, parameters.activationDelay());
            case Unstake unstake -> stake.unstake(unstake.amount(),
                    Math.addExact(Math.max(height, lastObligation), parameters.unbondingDelay()), height);
            case Transfer ignored -> stake;
            case Anchor ignored -> stake;
            case PayForTask ignored -> stake;
            case FinalModelCommit ignored -> stake;
            case FinalModelReveal ignored -> stake;
            case RevealHeldOut ignored -> stake;
            case AuditOpen ignored -> stake;
            case Slash ignored -> stake;
        };
    }
}
