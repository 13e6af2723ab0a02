package org.pouw.chain.evidence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.block.Equivocation;
import org.pouw.chain.mempool.MempoolAdmission;
import org.pouw.chain.mempool.MempoolRefusal;
import org.pouw.chain.port.InMemoryReportedOffenders;
import org.pouw.chain.port.ReportedOffenders;
import org.pouw.chain.state.EvidenceJudge;
import org.pouw.chain.state.Stake;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.tx.Slash;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

/**
 * The watcher a node runs for slashable evidence (docs/chain.md §5.4, §10): when its node has seen two different
 * headers signed by one key on one parent ({@link EquivocationWatch}), or a peer served it a block whose signed
 * header shows its defect by itself ({@link #invalidHeader}), it signs a {@code slash} transaction with the
 * header(s) (fee 0: the bounty, a tenth of the stake, pays for it) and hands it to the node, which relays it. Until
 * the offender has nothing left to slash on the node's tip it keeps its evidence pending: a transaction the mempool
 * dropped (a reorg, another reporter's slash mined on a branch since left, a transaction of the same key and nonce
 * that paid more) is signed again with the next free nonce. Evidence against one offender is reported once, however
 * many more blocks it signs. Anyone may report, so every node's reporter does; the first slash mined wins the bounty
 * and the others fall out of the mempools as {@code NOTHING_TO_SLASH}. The pending offenders and their evidence live
 * behind {@link ReportedOffenders}: a node keeps them in its database, so after a restart (which empties the
 * mempool) the first {@link #tipMoved} signs the evidence again — with the same nonce, so the same bytes as before
 * unless the nonce was taken meanwhile — and an offender reported before the restart is not reported a second time.
 */
public final class EvidenceReporter {
    /** Nonces tried past the account's when the lower ones are taken by pending transactions of the same key. */
    private static final int NONCES_TRIED = 16;

    private final Ed25519.KeyPair key;
    private final Bytes32 chainId;
    private final Bytes32 address;
    private final ReportedOffenders reported;
    /** What {@link #reported} holds, read once at start; every change is written through. */
    private final Map<Bytes32, Slash> pending;
    private final Map<Bytes32, Transaction> signed = new HashMap<>();
    private final List<Transaction> submitted = new ArrayList<>();

    /** A reporter that remembers its pending offenders in memory only (the simulation's nodes). */
    public EvidenceReporter(Ed25519.KeyPair key, Bytes32 chainId) {
        this(key, chainId, new InMemoryReportedOffenders());
    }

    /** A reporter whose pending offenders are those {@code reported} holds, and are kept there. */
    public EvidenceReporter(Ed25519.KeyPair key, Bytes32 chainId, ReportedOffenders reported) {
        this.key = key;
        this.chainId = chainId;
        this.address = Bytes32.of(key.publicKey());
        this.reported = reported;
        this.pending = new LinkedHashMap<>(reported.pending());
    }

    /** The offenders reported and not yet seen slashed, in the order reported. */
    public List<Bytes32> pendingOffenders() {
        return List.copyOf(pending.keySet());
    }

    /** The reporter's key: the sender of its slashes, paid the bounty. */
    public Bytes32 address() {
        return address;
    }

    /** Every slash transaction its node took from it, in order. */
    public List<Transaction> submitted() {
        return List.copyOf(submitted);
    }

    /**
     * Evidence its node saw. Returns true when it is new — the first against an offender that still has something to
     * slash on {@code node}'s tip — and was handed to the node (or will be, when the mempool takes it).
     */
    public boolean equivocation(Equivocation evidence, EvidenceChannel node) {
        Bytes32 offender = evidence.offender();
        if (pending.containsKey(offender) || !slashable(node.tipState(), offender)) {
            return false;
        }
        remember(offender, new Slash(Slash.Evidence.EQUIVOCATION, evidence.first().encode(),
                evidence.second().encode()));
        tipMoved(node);
        return true;
    }

    /**
     * A signed header the node refused — a peer served its block, or offered it in a header chain — which may be
     * {@code INVALID_HEADER} evidence: a header whose defect shows from its own fields. Returns true when
     * {@code judge} (the chain's own, the one the slash will meet) convicts its signer and the evidence is new, as
     * for {@link #equivocation}; false for a header that convicts nobody (a body that does not replay is refused by
     * every validator, but no slash can show it) or an offender already reported or with nothing to slash.
     */
    public boolean invalidHeader(BlockHeader header, EvidenceJudge judge, EvidenceChannel node) {
        Slash slash = new Slash(Slash.Evidence.INVALID_HEADER, header.encode(), new byte[0]);
        Bytes32 offender = judge.judge(slash).offender();
        if (offender == null || pending.containsKey(offender) || !slashable(node.tipState(), offender)) {
            return false;
        }
        remember(offender, slash);
        tipMoved(node);
        return true;
    }

    /** Drops evidence against offenders with nothing left to slash; hands the rest to the node again if dropped. */
    public void tipMoved(EvidenceChannel node) {
        if (pending.isEmpty()) {
            return;
        }
        StateLayer state = node.tipState();
        for (Bytes32 offender : List.copyOf(pending.keySet())) {
            if (!slashable(state, offender)) {
                reported.settled(offender);
                pending.remove(offender);
                signed.remove(offender);
            }
        }
        for (Map.Entry<Bytes32, Slash> entry : pending.entrySet()) {
            Transaction last = signed.get(entry.getKey());
            if (last == null || !node.pending(last)) {
                report(entry.getKey(), entry.getValue(), node, state.account(address).nonce());
            }
        }
    }

    /** Written to the store before it is acted on: a crash after the store took it signs it again at restart. */
    private void remember(Bytes32 offender, Slash evidence) {
        reported.reported(offender, evidence);
        pending.put(offender, evidence);
    }

    private void report(Bytes32 offender, Slash evidence, EvidenceChannel node, long nonce) {
        for (long n = nonce; n < nonce + NONCES_TRIED; n++) {
            Transaction tx = Transaction.sign(key, chainId, n, 0, new byte[0], evidence);
            MempoolAdmission admission = node.offer(tx);
            if (admission.isAccepted()) {
                signed.put(offender, tx);
                submitted.add(tx);
                return;
            }
            if (admission.refusal() == MempoolRefusal.ALREADY_PENDING) {
                signed.put(offender, tx);
                return;
            }
            if (admission.refusal() != MempoolRefusal.REPLACEMENT_UNDERPRICED) {
                return;
            }
            // REPLACEMENT_UNDERPRICED: the nonce is another pending transaction's of this key; try the next.
        }
    }

    /** Whether {@code key} has stake or immature rewards a slash could take on {@code state}. */
    public static boolean slashable(StateLayer state, Bytes32 key) {
        Stake stake = state.stake(key);
        return stake.active() + stake.pending() + stake.unbonding() > 0 || !state.immatureRewards(key).isEmpty();
    }
}
