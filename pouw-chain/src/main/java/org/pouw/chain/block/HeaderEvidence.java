package org.pouw.chain.block;

import java.math.BigInteger;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.mining.MinedStep;
import org.pouw.chain.mining.Tickets;
import org.pouw.chain.state.EvidenceJudge;
import org.pouw.chain.tx.Slash;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.EncodingException;

/**
 * Judges slash evidence made of signed headers (docs/chain.md §5.4), statelessly: {@link Equivocation} for two
 * headers; for one, a valid signature over a header whose defect shows from its own fields — its winner's tip is not
 * its parent, its winner claims more than A_step tickets, its winner is not its segment's last leaf, its ticket is
 * above its own target, or a smaller ticket index wins. Defects that need the chain (the expected target, the
 * signer's stake, the body's replay) are not evidence: a validator refuses such a block, and nobody can prove the
 * refusal to the state without the chain behind it.
 */
public final class HeaderEvidence implements EvidenceJudge {
    private final Bytes32 chainId;
    private final int maxTicketsPerStep;

    public HeaderEvidence(Bytes32 chainId, int maxTicketsPerStep) {
        this.chainId = chainId;
        this.maxTicketsPerStep = maxTicketsPerStep;
    }

    @Override
    public Verdict judge(Slash slash) {
        BlockHeader first;
        BlockHeader second = null;
        try {
            first = BlockHeader.decode(slash.first());
            if (slash.evidence() == Slash.Evidence.EQUIVOCATION) {
                second = BlockHeader.decode(slash.second());
            }
        } catch (EncodingException | IllegalArgumentException e) {
            return Verdict.refuses("a header does not decode: " + e.getMessage());
        }
        if (second != null) {
            String defect = new Equivocation(first, second).defect(chainId);
            return defect == null ? Verdict.convicts(first.miner()) : Verdict.refuses(defect);
        }
        if (!first.signatureValid(chainId)) {
            return Verdict.refuses("the header's signature does not verify for this chain");
        }
        String defect = statelessDefect(first);
        return defect == null ? Verdict.refuses("the header shows no defect by itself")
                : Verdict.convicts(first.miner());
    }

    private String statelessDefect(BlockHeader header) {
        MinedStep winner = header.proof().winner();
        if (!winner.tip().equals(header.parent())) {
            return "stale tip";
        }
        if (winner.tickets() > maxTicketsPerStep) {
            return "too many tickets";
        }
        if (!header.proof().winnerIsCommitted()) {
            return "winner not committed";
        }
        BigInteger target;
        try {
            target = CompactTarget.decode(header.bits());
        } catch (IllegalArgumentException e) {
            return "unreadable target";
        }
        if (!wins(header, header.proof().j(), target)) {
            return "ticket above target";
        }
        for (int j = 0; j < header.proof().j(); j++) {
            if (wins(header, j, target)) {
                return "not the smallest ticket";
            }
        }
        return null;
    }

    private boolean wins(BlockHeader header, int j, BigInteger target) {
        MinedStep winner = header.proof().winner();
        return j < winner.tickets()
                && Tickets.meets(Tickets.ticket(chainId, winner.leafHash(), winner.tip(), header.miner(), j), target);
    }
}
