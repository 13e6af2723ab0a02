package org.pouw.chain.fork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.pouw.chain.state.StateLayer;
import org.pouw.crypto.Blake3;
import org.pouw.ml.wire.Bytes32;

class BlockTreeTest {
    private static final Bytes32 GENESIS = hash("genesis");
    private static final Bytes32 HIGH_TICKET = Bytes32.fromHex("ff".repeat(32));
    private static final Bytes32 LOW_TICKET = Bytes32.fromHex("00".repeat(31) + "01");
    private static final int ALARM_DEPTH = 5;

    private final BlockTree tree = new BlockTree(GENESIS, StateLayer.empty(), ALARM_DEPTH);

    /** Adds {@code count} blocks of work {@code work} on {@code from}; returns the last one's hash. */
    private Bytes32 grow(Bytes32 from, String branch, int count, long work) {
        return grow(from, branch, count, work, HIGH_TICKET);
    }

    private Bytes32 grow(Bytes32 from, String branch, int count, long work, Bytes32 ticket) {
        Bytes32 parent = from;
        for (int i = 0; i < count; i++) {
            Bytes32 hash = hash(branch + i);
            tree.add(hash, parent, BigInteger.valueOf(work), ticket, tree.node(parent).orElseThrow().state().child());
            parent = hash;
        }
        return parent;
    }

    @Test
    void blocksOnTheTipExtendIt() {
        Bytes32 last = grow(GENESIS, "a", 3, 10);
        assertThat(tree.tip().hash()).isEqualTo(last);
        assertThat(tree.tip().height()).isEqualTo(3);
        assertThat(tree.tip().cumulativeWork()).isEqualTo(BigInteger.valueOf(30));
    }

    @Test
    void theBranchWithMoreWorkWinsNotTheLongerOne() {
        Bytes32 longer = grow(GENESIS, "long", 4, 10);
        Bytes32 heavier = grow(GENESIS, "heavy", 2, 25);
        assertThat(tree.tip().hash()).isEqualTo(heavier);
        assertThat(tree.node(longer)).isPresent();
    }

    @Test
    void equalWorkGoesToTheLowerTicket() {
        Bytes32 first = hash("first");
        tree.add(first, GENESIS, BigInteger.TEN, HIGH_TICKET, StateLayer.empty());
        TipChange change = tree.add(hash("second"), GENESIS, BigInteger.TEN, LOW_TICKET, StateLayer.empty());
        assertThat(change).isInstanceOf(TipChange.Reorganised.class);
        assertThat(tree.tip().hash()).isEqualTo(hash("second"));
        // and the higher ticket does not take it back
        assertThat(tree.add(hash("third"), GENESIS, BigInteger.TEN, HIGH_TICKET, StateLayer.empty()))
                .isInstanceOf(TipChange.Unchanged.class);
    }

    @Test
    void aReorgReportsTheBlocksLeftAndJoinedOldestFirst() {
        Bytes32 fork = grow(GENESIS, "base", 2, 10);
        grow(fork, "a", 3, 10, LOW_TICKET);     // wins the tie when b has as much work
        Bytes32 b = fork;
        TipChange last = null;
        for (int i = 0; i < 4; i++) {
            Bytes32 hash = hash("b" + i);
            last = tree.add(hash, b, BigInteger.TEN, HIGH_TICKET, StateLayer.empty());
            b = hash;
        }
        assertThat(last).isInstanceOf(TipChange.Reorganised.class);
        TipChange.Reorganised reorg = (TipChange.Reorganised) last;
        assertThat(reorg.depth()).isEqualTo(3);
        assertThat(reorg.left()).extracting(BlockNode::hash).containsExactly(hash("a0"), hash("a1"), hash("a2"));
        assertThat(reorg.joined()).extracting(BlockNode::hash)
                .containsExactly(hash("b0"), hash("b1"), hash("b2"), hash("b3"));
    }

    /** An eclipse feeds the node a private branch forking R + 1 blocks down: it is held and reported, not followed. */
    @Test
    void aBranchForkingDeeperThanTheAlarmDepthIsHeldForTheOperator() {
        Bytes32 honest = grow(GENESIS, "honest", ALARM_DEPTH + 1, 10);
        TipChange change = null;
        Bytes32 parent = GENESIS;
        for (int i = 0; i < ALARM_DEPTH + 2; i++) {
            Bytes32 hash = hash("eclipse" + i);
            change = tree.add(hash, parent, BigInteger.TEN, HIGH_TICKET, StateLayer.empty());
            parent = hash;
        }
        assertThat(change).isInstanceOf(TipChange.DeepReorgHeld.class);
        assertThat(((TipChange.DeepReorgHeld) change).depth()).isEqualTo(ALARM_DEPTH + 1);
        assertThat(tree.tip().hash()).isEqualTo(honest);
        assertThat(tree.heldTip().orElseThrow().hash()).isEqualTo(parent);
        // the operator checked it against other nodes: it is the network's chain
        assertThat(tree.acceptHeld()).isInstanceOf(TipChange.Reorganised.class);
        assertThat(tree.tip().hash()).isEqualTo(parent);
        assertThat(tree.heldTip()).isEmpty();
        assertThatThrownBy(tree::acceptHeld).hasMessageContaining("no branch is held");
    }

    @Test
    void aReorgAtTheAlarmDepthIsFollowed() {
        grow(GENESIS, "honest", ALARM_DEPTH, 10);
        Bytes32 other = grow(GENESIS, "other", ALARM_DEPTH + 1, 10);
        assertThat(tree.tip().hash()).isEqualTo(other);
        assertThat(tree.heldTip()).isEmpty();
    }

    @Test
    void theHeldBranchIsForgottenWhenTheTipOvertakesIt() {
        Bytes32 honest = grow(GENESIS, "honest", ALARM_DEPTH + 1, 10);
        grow(GENESIS, "eclipse", ALARM_DEPTH + 2, 10);
        assertThat(tree.heldTip()).isPresent();
        grow(honest, "more", 2, 10);
        assertThat(tree.heldTip()).isEmpty();
    }

    @Test
    void refusesABlockOnAnUnknownParent() {
        assertThatThrownBy(() -> tree.add(hash("x"), hash("nowhere"), BigInteger.ONE, HIGH_TICKET, StateLayer.empty()))
                .hasMessageContaining("unknown parent");
    }

    private static Bytes32 hash(String label) {
        return Bytes32.of(Blake3.hash(label.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
