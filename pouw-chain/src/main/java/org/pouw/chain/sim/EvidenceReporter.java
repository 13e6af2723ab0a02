package org.pouw.chain.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.mempool.MempoolAdmission;
import org.pouw.chain.mempool.MempoolRefusal;
import org.pouw.chain.state.Stake;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.tx.Slash;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

/**
 * The watcher a node runs for slashable evidence (docs/chain.md §5.4, §10): when its node has taken two different
 * blocks signed by one key on one parent, it signs a {@code slash} transaction with the two headers (fee 0: the
 * bounty, a tenth of the stake, pays for it) and hands it to the node, which relays it. Until the offender has nothing
 * left to slash on the node's tip it keeps its evidence pending: a transaction the mempool dropped (a reorg, another
 * reporter's slash mined on a branch since left) is signed again with the next free nonce. Anyone may report, so
 * every node's reporter does; the first slash mined wins the bounty and the others fall out of the mempools as
 * {@code NOTHING_TO_SLASH}.
 */
public final class EvidenceReporter {
    /** Nonces tried past the account's when the lower ones are taken by pending reports. */
    private static final int NONCES_TRIED = 16;

    private final Ed25519.KeyPair key;
    private final Bytes32 address;
    private final Map<Bytes32, Slash> pending = new LinkedHashMap<>();
    private final Map<Bytes32, Transaction> signed = new HashMap<>();
    private final List<Transaction> submitted = new ArrayList<>();

    EvidenceReporter(Ed25519.KeyPair key) {
        this.key = key;
        this.address = Bytes32.of(key.publicKey());
    }

    public Bytes32 address() {
        return address;
    }

    /** Every slash transaction its node took from it, in order. */
    public List<Transaction> submitted() {
        return List.copyOf(submitted);
    }

    /** Two different headers signed by one key on one parent, seen by {@code node}. */
    void equivocation(BlockHeader first, BlockHeader second, SimulatedNode node) {
        if (pending.putIfAbsent(first.miner(), new Slash(Slash.Evidence.EQUIVOCATION, first.encode(),
                second.encode())) == null) {
            tipMoved(node);
        }
    }

    /** Drops evidence against offenders with nothing left to slash; hands the rest to the node again if dropped. */
    void tipMoved(SimulatedNode node) {
        if (pending.isEmpty()) {
            return;
        }
        StateLayer state = node.tip().state();
        pending.keySet().removeIf(offender -> !slashable(state, offender));
        for (Map.Entry<Bytes32, Slash> entry : pending.entrySet()) {
            Transaction last = signed.get(entry.getKey());
            if (last == null || !node.mempool().contains(last)) {
                report(entry.getKey(), entry.getValue(), node, state.account(address).nonce());
            }
        }
    }

    private void report(Bytes32 offender, Slash evidence, SimulatedNode node, long nonce) {
        for (long n = nonce; n < nonce + NONCES_TRIED; n++) {
            Transaction tx = Transaction.sign(key, node.importer().chainId(), n, 0, new byte[0], evidence);
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
            // REPLACEMENT_UNDERPRICED: the nonce is another pending report's; try the next.
        }
    }

    /** Whether {@code key} has stake or immature rewards a slash could take on {@code state}. */
    static boolean slashable(StateLayer state, Bytes32 key) {
        Stake stake = state.stake(key);
        return stake.active() + stake.pending() + stake.unbonding() > 0 || !state.immatureRewards(key).isEmpty();
    }
}
