package org.pouw.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pouw.ml.wire.Bytes32;

class StateLayerTest {
    private static final Bytes32 KEY = Bytes32.fromHex("0a".repeat(32));

    @Test
    void branchesDoNotSeeEachOthersChanges() {
        StateLayer base = StateLayer.empty();
        base.putAccount(KEY, new Account(10, 0));
        StateLayer left = base.child();
        StateLayer right = base.child();
        left.putAccount(KEY, new Account(7, 1));
        assertThat(left.account(KEY)).isEqualTo(new Account(7, 1));
        assertThat(right.account(KEY)).isEqualTo(new Account(10, 0));
        assertThat(base.account(KEY)).isEqualTo(new Account(10, 0));
    }

    @Test
    void squashingKeepsEveryReadAndShortensTheWalk() {
        StateLayer layer = StateLayer.empty();
        for (int i = 0; i < 20; i++) {
            layer = layer.child();
            layer.putAccount(Bytes32.fromHex(String.format("%064x", i)), new Account(i, i));
        }
        layer.putStake(KEY, new Stake(5, 0, 0, 0, 0));
        layer.putLastObligation(KEY, 9);
        assertThat(layer.depth()).isEqualTo(21);
        layer.squash();
        assertThat(layer.depth()).isEqualTo(1);
        for (int i = 0; i < 20; i++) {
            assertThat(layer.account(Bytes32.fromHex(String.format("%064x", i)))).isEqualTo(new Account(i, i));
        }
        assertThat(layer.stake(KEY).active()).isEqualTo(5);
        assertThat(layer.lastObligation(KEY)).isEqualTo(9);
    }
}
