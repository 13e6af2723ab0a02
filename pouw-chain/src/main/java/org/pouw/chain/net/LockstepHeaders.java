package org.pouw.chain.net;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.block.HeaderDefect;
import org.pouw.chain.block.HeaderRules;
import org.pouw.chain.fork.BlockNode;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.ml.wire.Bytes32;

/**
 * Headers taken ahead of their bodies, never further than the signers' stake is known (docs/network.md §3). A
 * header's ticket can be ground with hashes alone, so a header chain proves nothing by its work until the bodies
 * are replayed; what a header <em>can</em> show without a replay is that its signer holds active stake, and that is
 * known from a validated state only up to ACT blocks ahead (stake bought at height b counts from b + ACT,
 * docs/chain.md §5.4). So a header is taken only while its height is at most ACT past its newest validated ancestor,
 * and headers and bodies advance in lockstep: however heavy a header chain a peer claims, this node holds at most
 * ACT of its headers before it has replayed a body of it, and the first body that fails ends the branch.
 *
 * <p>Each header taken passed the checks that cost hashes (parent, ASERT target after its parent, signature for this
 * chain id, the winner's tip, tickets, segment, ticket under target) and its signer's stake in the validated
 * ancestor's state. A header signed for another chain fails its signature here. Not thread-safe.
 */
public final class LockstepHeaders {
    /** Headers held at most, all branches together. */
    public static final int MAX_PENDING = 4_096;

    /** Why a peer's headers were refused: each is the serving peer's doing, as peers serve only validated chains. */
    public enum Refusal {
        /** A header whose parent is neither validated, nor taken, nor the header before it. */
        NOT_CONNECTING,
        /** A header, or its parent, this node found invalid. */
        KNOWN_INVALID,
        /** A header failing a check that needs no replay (the defect names which). */
        BAD_HEADER,
        /** A signer without active stake in the validated ancestor's state. */
        SIGNER_NOT_STAKED
    }

    /**
     * What became of a batch: the hashes taken (parents first, not yet validated), whether the batch stopped at the
     * stake horizon or the holding cap, the refusal that ended it and the refused header's hash (null when none).
     */
    public record Verdict(List<Bytes32> taken, boolean stoppedAtHorizon, Refusal refusal, Bytes32 refusedHeader,
                          String detail) {
        public Verdict {
            taken = List.copyOf(taken);
        }

        public boolean refused() {
            return refusal != null;
        }
    }

    private final ChainGenesis genesis;
    private final Bytes32 chainId;
    private final HeaderRules rules;
    private final long horizon;
    private final Map<Bytes32, BlockHeader> pending = new LinkedHashMap<>();

    public LockstepHeaders(ChainGenesis genesis) {
        this.genesis = genesis;
        this.chainId = genesis.chainId();
        this.rules = new HeaderRules(chainId, genesis.tickets().maxTicketsPerStep());
        this.horizon = genesis.state().activationDelay();
    }

    /** ACT: how far past its newest validated ancestor a header may be taken. */
    public long horizon() {
        return horizon;
    }

    /** Offers a peer's headers, parents first; takes them in order until one fails, the horizon or the cap. */
    public Verdict offer(SyncedChain chain, List<BlockHeader> headers) {
        List<Bytes32> taken = new ArrayList<>();
        for (BlockHeader header : headers) {
            Bytes32 hash = header.hash(chainId);
            if (chain.node(hash).isPresent() || pending.containsKey(hash)) {
                continue;
            }
            if (chain.knownInvalid(hash) || chain.knownInvalid(header.parent())) {
                return new Verdict(taken, false, Refusal.KNOWN_INVALID, hash, "header " + hash.hex()
                        + " is, or descends from, a block found invalid");
            }
            Optional<BlockNode> validParent = chain.node(header.parent());
            BlockHeader pendingParent = pending.get(header.parent());
            if (validParent.isEmpty() && pendingParent == null) {
                return new Verdict(taken, false, Refusal.NOT_CONNECTING, hash, "header " + hash.hex() + " at height "
                        + header.height() + " has a parent this node neither validated nor was sent");
            }
            BlockNode anchor = validParent.orElseGet(() -> validatedAncestor(chain, pendingParent));
            if (header.height() > anchor.height() + horizon) {
                return new Verdict(taken, true, null, null, "height " + header.height() + " is more than ACT = " + horizon
                        + " past the validated block " + anchor.height());
            }
            if (pending.size() >= MAX_PENDING) {
                return new Verdict(taken, true, null, null, MAX_PENDING + " headers already wait for their bodies");
            }
            long parentHeight = pendingParent == null ? validParent.get().height() : pendingParent.height();
            long parentTime = pendingParent == null ? chain.timestamp(validParent.get()) : pendingParent.timestamp();
            int bits = genesis.asert().nextBits(genesis.anchor(), parentHeight, parentTime);
            HeaderDefect defect = rules.check(header, header.parent(), parentHeight, bits);
            if (defect != null) {
                return new Verdict(taken, false, Refusal.BAD_HEADER, hash, "header " + hash.hex() + " at height "
                        + header.height() + ": " + defect);
            }
            long stake = anchor.state().stake(header.miner()).activeAt(header.height());
            if (stake < genesis.block().minimumStake()) {
                return new Verdict(taken, false, Refusal.SIGNER_NOT_STAKED, hash, "header " + hash.hex() + " at height "
                        + header.height() + ": its signer has " + stake + " active stake in the state of block "
                        + anchor.height() + ", mining needs " + genesis.block().minimumStake());
            }
            pending.put(hash, header);
            taken.add(hash);
        }
        return new Verdict(taken, false, null, null, "");
    }

    /** The newest validated ancestor of a held header (its chain of held parents is at most ACT long). */
    private BlockNode validatedAncestor(SyncedChain chain, BlockHeader header) {
        BlockHeader at = header;
        while (true) {
            Optional<BlockNode> parent = chain.node(at.parent());
            if (parent.isPresent()) {
                return parent.get();
            }
            at = pending.get(at.parent());
            if (at == null) {
                throw new IllegalStateException("a held header lost its chain to a validated block");
            }
        }
    }

    /** The block was validated: its header is no longer held, and headers after it may reach further. */
    public void validated(Bytes32 hash) {
        pending.remove(hash);
    }

    /** Forgets a held header and every held header descending from it (its body failed, or its peer went). */
    public int drop(Bytes32 hash) {
        int dropped = pending.remove(hash) != null ? 1 : 0;
        List<Bytes32> gone = new ArrayList<>(List.of(hash));
        boolean found = true;
        while (found) {
            found = false;
            for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                if (gone.contains(entry.getValue().parent())) {
                    gone.add(entry.getKey());
                    it.remove();
                    dropped++;
                    found = true;
                }
            }
        }
        return dropped;
    }

    public boolean holds(Bytes32 hash) {
        return pending.containsKey(hash);
    }

    /** Headers held, waiting for their bodies. */
    public int size() {
        return pending.size();
    }
}
