package org.pouw.chain.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.block.MinedHeaders.ALICE;
import static org.pouw.chain.block.MinedHeaders.BITS;
import static org.pouw.chain.block.MinedHeaders.CHAIN;
import static org.pouw.chain.block.MinedHeaders.MALLORY;
import static org.pouw.chain.block.MinedHeaders.PARENT;
import static org.pouw.chain.block.MinedHeaders.PARENT_HEIGHT;
import static org.pouw.chain.block.MinedHeaders.TICKETS;
import static org.pouw.chain.block.MinedHeaders.bytes;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.mining.MinedStep;
import org.pouw.chain.mining.MiningProof;
import org.pouw.chain.mining.Tickets;
import org.pouw.ml.wire.Bytes32;

class HeaderRulesTest {
    private final HeaderRules rules = new HeaderRules(CHAIN, TICKETS);

    private HeaderDefect check(BlockHeader header) {
        return rules.check(header, PARENT, PARENT_HEIGHT, BITS);
    }

    @Test
    void anHonestlyMinedHeaderPasses() {
        BlockHeader header = MinedHeaders.mine(ALICE, PARENT, BITS, TICKETS).header();
        assertThat(check(header)).isNull();
        assertThat(BlockHeader.decode(header.encode())).isEqualTo(header);
    }

    @Test
    void parentHeightAndTargetMustBeTheExpectedOnes() {
        BlockHeader header = MinedHeaders.mine(ALICE, PARENT, BITS, TICKETS).header();
        assertThat(rules.check(header, bytes("other parent"), PARENT_HEIGHT, BITS)).isEqualTo(HeaderDefect.WRONG_PARENT);
        assertThat(rules.check(header, PARENT, PARENT_HEIGHT + 1, BITS)).isEqualTo(HeaderDefect.WRONG_PARENT);
        assertThat(rules.check(header, PARENT, PARENT_HEIGHT, BITS - 1)).isEqualTo(HeaderDefect.WRONG_TARGET);
    }

    /** A header signed for another chain (same keys, same work) is refused here. */
    @Test
    void aHeaderFromAnotherChainIsRefused() {
        MinedHeaders.Mined mined = MinedHeaders.mine(ALICE, PARENT, BITS, TICKETS);
        HeaderRules otherChain = new HeaderRules(bytes("other chain"), TICKETS);
        assertThat(otherChain.check(mined.header(), PARENT, PARENT_HEIGHT, BITS)).isEqualTo(HeaderDefect.BAD_SIGNATURE);
    }

    /** Steps trained on an older tip can not win on the new parent: their batches were drawn for another block. */
    @Test
    void aStepTrainedOnAnotherTipIsRefused() {
        MinedHeaders.Mined stale = MinedHeaders.mine(ALICE, bytes("grandparent"), BITS, TICKETS);
        assertThat(check(stale.header())).isEqualTo(HeaderDefect.STALE_TIP);
    }

    @Test
    void aStepClaimingMoreTicketsThanAllowedIsRefused() {
        MinedHeaders.Mined greedy = MinedHeaders.mine(ALICE, PARENT, BITS, TICKETS + 1);
        assertThat(check(greedy.header())).isEqualTo(HeaderDefect.TOO_MANY_TICKETS);
    }

    @Test
    void theWinnerMustBeTheLastCommittedLeaf() {
        MinedHeaders.Mined mined = MinedHeaders.mine(ALICE, PARENT, BITS, TICKETS);
        List<MinedStep> segment = mined.segment();
        MiningProof proof = mined.header().proof();
        // an uncommitted winner: the path and root of the segment, but a step that is not in it
        MinedStep outsider = new MinedStep(proof.winner().step(), proof.winner().stateBefore(), bytes("other batch"),
                proof.winner().stateAfter(), PARENT, TICKETS);
        MiningProof forged = new MiningProof(proof.segmentRoot(), proof.length(), proof.startState(), outsider,
                proof.path(), proof.j());
        assertThat(check(resign(mined.header(), forged))).isEqualTo(HeaderDefect.WINNER_NOT_COMMITTED);
        if (segment.size() > 1) {
            MiningProof middle = MinedHeaders.proofFor(segment, 0, proof.j());
            assertThat(check(resign(mined.header(), middle))).isEqualTo(HeaderDefect.WINNER_NOT_COMMITTED);
        }
    }

    @Test
    void aTicketAboveTheTargetOrBeyondTheStepsTicketsIsRefused() {
        MinedHeaders.Mined mined = MinedHeaders.mine(ALICE, PARENT, BITS, TICKETS);
        MiningProof proof = mined.header().proof();
        int loser = firstLosing(mined.header());
        assertThat(check(resign(mined.header(), withJ(proof, loser)))).isEqualTo(HeaderDefect.TICKET_ABOVE_TARGET);
        assertThat(check(resign(mined.header(), withJ(proof, TICKETS)))).isEqualTo(HeaderDefect.TICKET_ABOVE_TARGET);
    }

    /** When several tickets of the winning step meet the target, only the smallest index makes a valid block. */
    @Test
    void onlyTheSmallestWinningTicketCounts() {
        int easy = CompactTarget.encode(BigInteger.ONE.shiftLeft(254));   // three tickets in four lose, one wins
        HeaderRules easyRules = new HeaderRules(CHAIN, TICKETS);
        MinedHeaders.Mined mined = MinedHeaders.mine(ALICE, PARENT, easy, TICKETS);
        MinedStep winner = mined.header().proof().winner();
        BigInteger target = CompactTarget.decode(easy);
        int first = mined.header().proof().j();
        int second = first + 1;
        Bytes32 alice = Bytes32.of(ALICE.publicKey());
        while (!Tickets.meets(Tickets.ticket(CHAIN, winner.leafHash(), PARENT, alice, second), target)) {
            second++;
        }
        assertThat(second).isLessThan(TICKETS);
        BlockHeader later = MinedHeaders.sign(ALICE, mined.segment(), second, easy, bytes("transactions"), 1_000);
        assertThat(easyRules.check(mined.header(), PARENT, PARENT_HEIGHT, easy)).isNull();
        assertThat(easyRules.check(later, PARENT, PARENT_HEIGHT, easy)).isEqualTo(HeaderDefect.NOT_SMALLEST_TICKET);
    }

    /** Mallory takes Alice's winning step and signs it as hers: the tickets name the miner, so hers do not win. */
    @Test
    void aBlockOnSomeoneElsesTicketIsRefused() {
        MinedHeaders.Mined alices = MinedHeaders.mine(ALICE, PARENT, BITS, TICKETS);
        BlockHeader stolen = MinedHeaders.sign(MALLORY, alices.segment(), alices.header().proof().j(), BITS,
                bytes("transactions"), 1_000);
        assertThat(check(stolen)).isIn(HeaderDefect.TICKET_ABOVE_TARGET, HeaderDefect.NOT_SMALLEST_TICKET);
    }

    /** Other transactions or another timestamp change the block, never its ticket: there is nothing to grind. */
    @Test
    void blockContentsCanNotBeGroundForTickets() {
        MinedHeaders.Mined mined = MinedHeaders.mine(ALICE, PARENT, BITS, TICKETS);
        Set<Bytes32> hashes = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            BlockHeader variant = MinedHeaders.sign(ALICE, mined.segment(), mined.header().proof().j(), BITS,
                    bytes("transactions " + i), 1_000 + i);
            hashes.add(variant.hash(CHAIN));
            assertThat(check(variant)).isNull();
            assertThat(Tickets.firstWinning(CHAIN, variant.proof().winner(), variant.miner(),
                    CompactTarget.decode(BITS))).isEqualTo(mined.header().proof().j());
        }
        assertThat(hashes).hasSize(50);
    }

    private static int firstLosing(BlockHeader header) {
        MinedStep winner = header.proof().winner();
        BigInteger target = CompactTarget.decode(BITS);
        for (int j = 0; ; j++) {
            if (!Tickets.meets(Tickets.ticket(CHAIN, winner.leafHash(), winner.tip(), header.miner(), j), target)) {
                return j;
            }
        }
    }

    private static MiningProof withJ(MiningProof proof, int j) {
        return new MiningProof(proof.segmentRoot(), proof.length(), proof.startState(), proof.winner(), proof.path(), j);
    }

    private static BlockHeader resign(BlockHeader header, MiningProof proof) {
        return BlockHeader.sign(ALICE, CHAIN, header.height(), header.parent(), header.timestamp(), header.bits(),
                header.txRoot(), header.stateRoot(), header.taskId(), proof);
    }
}
