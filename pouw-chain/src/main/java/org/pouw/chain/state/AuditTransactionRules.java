package org.pouw.chain.state;

import java.util.ArrayList;
import java.util.List;
import org.pouw.chain.audit.SegmentChallenge;
import org.pouw.chain.audit.AuditParameters;
import org.pouw.chain.audit.AuditWindow;
import org.pouw.chain.mining.LivenessRule;
import org.pouw.chain.mining.MinedStep;
import org.pouw.chain.mining.StepReplay;
import org.pouw.chain.mining.TicketRule;
import org.pouw.chain.mining.WindowVerdict;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.OpenedWindow;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.Slash;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.Bytes32;

/**
 * The rules of {@code audit_open} and {@code slash} (docs/chain.md §5.2–§5.4), checked after the common ones and
 * before anything is written, in the style of the task rules: {@link #check} reads, {@link #apply} writes.
 *
 * <p>An opening is <em>refused</em> (nothing changes, the miner may send another) when it answers no challenged
 * audit of its sender, or does not have the challenge's shape (window count and widths). Once it has the shape it is
 * <em>judged</em>: every leaf must sit at its position under the segment root; the first leaf must start at the
 * segment's start state and the leaf before the winner end at the winner's start state; every leaf's tip must be
 * the block's parent or an ancestor at most W_a blocks below it, and tips never go back from one opened leaf to the
 * next; and every window must replay bit for bit from its one state. An opening that passes closes the audit (after
 * the window D it costs the late bounty, burnt); one that fails slashes its miner. Only the audited miner can send
 * an opening, so nobody else can make a miner fail one.
 *
 * <p>A slash carries evidence the {@link EvidenceJudge} checks without state; the offender must still have stake or
 * immature rewards to take, and the sender earns stake / {@code evidenceBountyShare}.
 */
public final class AuditTransactionRules {
    private final AuditParameters parameters;
    private final Ancestry ancestry;
    private final TicketRule tickets;
    private final LivenessRule liveness;
    private final EvidenceJudge judge;
    private final Slashing slashing;
    private final OpeningVerdicts verdicts = new OpeningVerdicts();

    public AuditTransactionRules(AuditParameters parameters, Ancestry ancestry, TicketRule tickets,
                                 LivenessRule liveness, EvidenceJudge judge) {
        this.parameters = parameters;
        this.ancestry = ancestry;
        this.tickets = tickets;
        this.liveness = liveness;
        this.judge = judge;
        this.slashing = new Slashing(parameters);
    }

    /** The refusal of an audit or slash transaction where it stands, or null; writes nothing. */
    TxOutcome check(StateLayer state, Transaction tx, long height) {
        return switch (tx.body()) {
            case AuditOpen open -> checkOpen(state, tx.sender(), open, height);
            case Slash slash -> checkSlash(state, slash);
            default -> null;
        };
    }

    /** Applies a transaction {@link #check} passed. */
    void apply(StateLayer state, Transaction tx, long height) {
        switch (tx.body()) {
            case AuditOpen open -> {
                PendingAudit audit = state.audit(open.auditedHeight());
                String failure = verdicts.verdict(open, audit, () -> judge(state, audit, open));
                if (failure != null) {
                    slashing.slash(state, audit.miner(), height, null);
                    return;
                }
                state.putAudit(audit.with(PendingAudit.Status.OPENED));
                long challengedAt = audit.height() + parameters.challengeDelay();
                if (height > challengedAt + parameters.openingWindow()) {
                    slashing.charge(state, audit.miner(), parameters.lateBounty());
                }
            }
            case Slash slash -> {
                slashing.slash(state, judge.judge(slash).offender(), height, tx.sender());
            }
            default -> {
            }
        }
    }

    /**
     * Openings replayed so far by these rules: each opening once per audit it answers, however often the mempool,
     * the importer or the API applies it (the verdicts are remembered, {@link OpeningVerdicts}).
     */
    public long openingReplays() {
        return verdicts.replays();
    }

    /** Why {@code open} fails its audit, or null when every window stands up (docs/chain.md §5.2). */
    String judge(StateLayer state, PendingAudit audit, AuditOpen open) {
        List<AuditWindow> windows = SegmentChallenge.windows(audit.seed(), audit.length(), parameters);
        long lowestTip = audit.height() - 1 - parameters.tipWindow();
        long previousTip = Long.MIN_VALUE;
        PayForTask task = state.task(audit.task()).spec();
        StepReplay replay = new StepReplay(task.task(), Math.toIntExact(task.datasetSize()), tickets, liveness,
                ThreadTeam.single());
        for (int w = 0; w < windows.size(); w++) {
            AuditWindow window = windows.get(w);
            OpenedWindow opened = open.windows().get(w);
            for (int k = 0; k < window.width(); k++) {
                int position = window.start() + k;
                MinedStep leaf = opened.leaves().get(k);
                List<byte[]> siblings = new ArrayList<>();
                opened.leafPaths().get(k).forEach(sibling -> siblings.add(sibling.toArray()));
                if (!new MerkleTree.Proof(position, audit.length(), siblings)
                        .verify(audit.segmentRoot().toArray(), leaf.leafHash().toArray())) {
                    return "leaf " + position + " is not in the segment";
                }
                if (position == 0 && !leaf.stateBefore().equals(audit.startState())) {
                    return "the segment's first leaf does not start at the segment's start state";
                }
                if (position == audit.length() - 2 && !leaf.stateAfter().equals(audit.winnerBefore())) {
                    return "the leaf before the winner does not end at the winner's start state";
                }
                long tipHeight = ancestry.heightOnBranch(leaf.tip(), audit.parent());
                if (tipHeight < 0 || tipHeight < lowestTip) {
                    return "leaf " + position + " was trained on a tip outside the audit window";
                }
                if (tipHeight < previousTip) {
                    return "leaf " + position + "'s tip goes back from the leaf before it";
                }
                previousTip = tipHeight;
            }
            WindowVerdict verdict;
            try {
                verdict = replay.checkWindow(opened.startState(), audit.miner(), opened.leaves(), opened.batches());
            } catch (IllegalArgumentException | ArithmeticException malformed) {
                // Bytes the miner signed that the engine refuses to take as a state or records: the miner's fault.
                return "window " + w + " can not be replayed: " + malformed.getMessage();
            }
            if (!verdict.accepted()) {
                return "leaf " + (window.start() + verdict.failedStep()) + " does not replay: " + verdict.refusal();
            }
        }
        return null;
    }

    private TxOutcome checkOpen(StateLayer state, Bytes32 sender, AuditOpen open, long height) {
        PendingAudit audit = state.audit(open.auditedHeight());
        if (audit == null || audit.status() == PendingAudit.Status.OPENED
                || audit.status() == PendingAudit.Status.CLOSED) {
            return TxOutcome.refused(TxRefusal.AUDIT_NOT_PENDING, "no open audit of the block at height "
                    + open.auditedHeight());
        }
        if (!audit.miner().equals(sender)) {
            return TxOutcome.refused(TxRefusal.NOT_THE_AUDITED_MINER);
        }
        if (audit.status() == PendingAudit.Status.AWAITING_CHALLENGE) {
            return TxOutcome.refused(TxRefusal.AUDIT_NOT_CHALLENGED, "the challenge comes with the block at height "
                    + (audit.height() + parameters.challengeDelay()));
        }
        if (!open.challenge().equals(audit.seed())) {
            return TxOutcome.refused(TxRefusal.CHALLENGE_MISMATCH, "the opening answers challenge "
                    + open.challenge().hex() + ", this branch's is " + audit.seed().hex());
        }
        List<AuditWindow> windows = SegmentChallenge.windows(audit.seed(), audit.length(), parameters);
        if (open.windows().size() != windows.size()) {
            return TxOutcome.refused(TxRefusal.OPENING_MALFORMED, "windows: the challenge has " + windows.size()
                    + ", the opening " + open.windows().size());
        }
        for (int w = 0; w < windows.size(); w++) {
            if (open.windows().get(w).steps() != windows.get(w).width()) {
                return TxOutcome.refused(TxRefusal.OPENING_MALFORMED, "window " + w + ": the challenge opens "
                        + windows.get(w).width() + " steps, the opening " + open.windows().get(w).steps());
            }
        }
        if (state.task(audit.task()) == null) {
            return TxOutcome.refused(TxRefusal.UNKNOWN_TASK);
        }
        return null;
    }

    private TxOutcome checkSlash(StateLayer state, Slash slash) {
        EvidenceJudge.Verdict verdict = judge.judge(slash);
        if (verdict.offender() == null) {
            return TxOutcome.refused(TxRefusal.EVIDENCE_INVALID, verdict.defect());
        }
        Stake stake = state.stake(verdict.offender());
        if (stake.isEmpty() && state.immatureRewards(verdict.offender()).isEmpty()) {
            return TxOutcome.refused(TxRefusal.NOTHING_TO_SLASH, "the offender has no stake or immature reward");
        }
        return null;
    }
}
