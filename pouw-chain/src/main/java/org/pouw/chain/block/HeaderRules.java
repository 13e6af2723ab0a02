package org.pouw.chain.block;

import java.math.BigInteger;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.mining.MinedStep;
import org.pouw.chain.mining.MiningProof;
import org.pouw.chain.mining.Tickets;
import org.pouw.ml.wire.Bytes32;

/**
 * The checks of a header that cost hashes, not training (docs/chain.md §3): signature, parent, target, the winning
 * step's tip and ticket count, its place in the committed segment, and the ticket itself. What they can not show —
 * that the winning step is an honest, live transition — the body's replay shows; the signer's stake is checked
 * against the state ACT blocks back.
 */
public final class HeaderRules {
    private final Bytes32 chainId;
    private final int maxTicketsPerStep;

    public HeaderRules(Bytes32 chainId, int maxTicketsPerStep) {
        if (maxTicketsPerStep < 1 || maxTicketsPerStep > BlockHeader.MAX_TICKETS_PER_STEP) {
            throw new IllegalArgumentException("tickets per step must be in [1, " + BlockHeader.MAX_TICKETS_PER_STEP
                    + "], got " + maxTicketsPerStep);
        }
        this.chainId = chainId;
        this.maxTicketsPerStep = maxTicketsPerStep;
    }

    /**
     * The first defect of {@code header} as a child of the block {@code parentHash} at {@code parentHeight}, whose
     * successor's target is {@code expectedBits}; {@code null} when it has none.
     */
    public HeaderDefect check(BlockHeader header, Bytes32 parentHash, long parentHeight, int expectedBits) {
        if (!header.parent().equals(parentHash) || header.height() != parentHeight + 1) {
            return HeaderDefect.WRONG_PARENT;
        }
        if (header.bits() != expectedBits) {
            return HeaderDefect.WRONG_TARGET;
        }
        if (!header.signatureValid(chainId)) {
            return HeaderDefect.BAD_SIGNATURE;
        }
        MiningProof proof = header.proof();
        MinedStep winner = proof.winner();
        if (!winner.tip().equals(parentHash)) {
            return HeaderDefect.STALE_TIP;
        }
        if (winner.tickets() > maxTicketsPerStep) {
            return HeaderDefect.TOO_MANY_TICKETS;
        }
        if (!proof.winnerIsCommitted()) {
            return HeaderDefect.WINNER_NOT_COMMITTED;
        }
        BigInteger target = CompactTarget.decode(expectedBits);
        if (!wins(header, proof.j(), target)) {
            return HeaderDefect.TICKET_ABOVE_TARGET;
        }
        for (int j = 0; j < proof.j(); j++) {
            if (wins(header, j, target)) {
                return HeaderDefect.NOT_SMALLEST_TICKET;
            }
        }
        return null;
    }

    /** Whether ticket {@code j} of the header's winning step exists and meets {@code target}. */
    private boolean wins(BlockHeader header, int j, BigInteger target) {
        MinedStep winner = header.proof().winner();
        return j < winner.tickets()
                && Tickets.meets(Tickets.ticket(chainId, winner.leafHash(), winner.tip(), header.miner(), j), target);
    }
}
