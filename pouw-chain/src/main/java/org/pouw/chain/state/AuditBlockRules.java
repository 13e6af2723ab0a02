package org.pouw.chain.state;

import java.util.ArrayList;
import java.util.List;
import org.pouw.chain.audit.SegmentChallenge;
import org.pouw.chain.audit.AuditParameters;
import org.pouw.chain.mining.MinedStep;
import org.pouw.chain.mining.MiningProof;
import org.pouw.chain.mining.Tickets;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.Transaction;
import org.pouw.ml.wire.Bytes32;

/**
 * The audit side of a block (docs/chain.md §5.2, §5.3): the hooks block rules call around the body, like the task
 * hooks.
 *
 * <ul>
 *   <li>{@link #checkBody}, before anything: the block's openings fit B_audit bytes and one audit's replays (k_b).</li>
 *   <li>{@link #beforeBody}, before the transactions: the audit of the block before gets that block's hash (this
 *       block's winner was trained on it: its tip is the parent); the audit of the block c back gets its challenge
 *       from this block's winning ticket; the audit of the block {@code maturity} back, still unopened, slashes its
 *       miner (its stake and every immature reward, burnt, no bounty); that block's reward, if not clawed back,
 *       matures into its miner's balance.</li>
 *   <li>{@link #afterBody}, after the transactions: this block's reward is held immature, and its segment becomes a
 *       pending audit.</li>
 * </ul>
 *
 * <p>A reorg of the challenge block replaces the challenge: the block at b + c on the new branch draws a new one,
 * and the opening window counts from it (docs/chain.md §5.3).
 */
public final class AuditBlockRules {
    private final Bytes32 chainId;
    private final AuditParameters parameters;
    private final Slashing slashing;

    public AuditBlockRules(Bytes32 chainId, AuditParameters parameters) {
        this.chainId = chainId;
        this.parameters = parameters;
        this.slashing = new Slashing(parameters);
    }

    public AuditParameters parameters() {
        return parameters;
    }

    /** Why a body carries more audit data than a block may, or null. */
    public String checkBody(List<Transaction> body) {
        long bytes = 0;
        int steps = 0;
        for (Transaction tx : body) {
            if (tx.body() instanceof AuditOpen open) {
                bytes += tx.encode().length;
                steps += open.steps();
            }
        }
        if (bytes > parameters.auditBytes()) {
            return "the block carries " + bytes + " bytes of audit openings, at most " + parameters.auditBytes();
        }
        if (steps > parameters.maxOpenedSteps()) {
            return "the block's openings replay " + steps + " steps, at most " + parameters.maxOpenedSteps();
        }
        return null;
    }

    /** The block-level audit work before the body of the block at {@code height} by {@code miner}. */
    public void beforeBody(StateLayer state, Bytes32 miner, long height, MiningProof proof) {
        MinedStep winner = proof.winner();
        PendingAudit previous = state.audit(height - 1);
        if (previous != null && previous.blockHash() == null) {
            state.putAudit(previous.withBlockHash(winner.tip()));
        }
        PendingAudit due = state.audit(height - parameters.challengeDelay());
        if (due != null && due.status() == PendingAudit.Status.AWAITING_CHALLENGE && due.blockHash() != null) {
            Bytes32 ticket = Tickets.ticket(chainId, winner.leafHash(), winner.tip(), miner, proof.j());
            Bytes32 seed = SegmentChallenge.seed(chainId, due.blockHash(), ticket);
            PendingAudit challenged = due.challenged(seed);
            // A segment of the winner alone has nothing to open: the block's validation replayed it.
            state.putAudit(SegmentChallenge.windows(seed, due.length(), parameters).isEmpty()
                    ? challenged.with(PendingAudit.Status.OPENED) : challenged);
        }
        long matured = height - parameters.maturity();
        PendingAudit closing = state.audit(matured);
        if (closing != null && closing.status() != PendingAudit.Status.CLOSED) {
            if (closing.status() != PendingAudit.Status.OPENED) {
                slashing.slash(state, closing.miner(), height, null);
            }
            state.putAudit(closing.with(PendingAudit.Status.CLOSED));
            mature(state, closing.miner(), matured);
        }
    }

    /** Holds the reward of the block at {@code height} immature and records its segment's audit. */
    public void afterBody(StateLayer state, Bytes32 miner, long height, Bytes32 taskId, MiningProof proof,
                          long reward) {
        List<ImmatureReward> rewards = new ArrayList<>(state.immatureRewards(miner));
        rewards.add(new ImmatureReward(height, reward));
        state.putImmature(miner, rewards);
        state.putAudit(PendingAudit.of(miner, taskId, height, proof.winner().tip(), proof.segmentRoot(),
                proof.length(), proof.startState(), proof.winner().stateBefore()));
    }

    /** Moves the reward of the block at {@code height} from {@code miner}'s immature rewards to its balance. */
    private static void mature(StateLayer state, Bytes32 miner, long height) {
        List<ImmatureReward> rewards = new ArrayList<>();
        long amount = 0;
        for (ImmatureReward reward : state.immatureRewards(miner)) {
            if (reward.height() == height) {
                amount += reward.amount();
            } else {
                rewards.add(reward);
            }
        }
        if (amount > 0) {
            state.putImmature(miner, rewards);
            Account account = state.account(miner);
            state.putAccount(miner, new Account(Math.addExact(account.balance(), amount), account.nonce()));
        }
    }
}
