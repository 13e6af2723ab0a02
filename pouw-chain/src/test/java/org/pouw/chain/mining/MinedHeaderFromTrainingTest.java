package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.mining.MiningFixtures.CHAIN;
import static org.pouw.chain.mining.MiningFixtures.TEAM;
import static org.pouw.chain.mining.MiningFixtures.TICKETS;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.block.HeaderRules;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * A header mined by real training (docs/chain.md §3): the miner trains its task on the parent as tip until a live
 * step wins, signs a header whose proof carries that step, and a validator accepts the header's cheap checks and the
 * step's replay from the opened start state.
 */
class MinedHeaderFromTrainingTest {
    @Test
    void aWinningTrainedStepMakesAHeaderThatValidates() {
        Dataset data = MiningFixtures.blobs(256, 16, 4, 0.4, 3);
        TrainingTask task = MiningFixtures.mlp(data);
        Ed25519.KeyPair key = key();
        Bytes32 miner = Bytes32.of(key.publicKey());
        Bytes32 parent = MiningFixtures.bytes("parent");
        int bits = CompactTarget.encode(BigInteger.ONE.shiftLeft(250));
        ChainTrainer trainer = new ChainTrainer(task, data, TrainingState.initial(task), miner, TICKETS,
                LivenessRule.DEFAULT, TEAM);

        ChainTrainer.Win win = trainer.mine(CHAIN, parent, CompactTarget.decode(bits), 200);

        assertThat(win).as("one ticket in 64 wins; honest steps earn several each").isNotNull();
        MinedStep winner = win.step().mined();
        MerkleTree segment = MerkleTree.ofLeafHashes(new byte[][] {winner.leafHash().toArray()});
        MiningProof proof = new MiningProof(Bytes32.of(segment.root()), 1, winner.stateBefore(), winner, List.of(),
                win.j());
        BlockHeader header = BlockHeader.sign(key, CHAIN, 42, parent, 1_000, bits, MiningFixtures.bytes("txs"),
                MiningFixtures.bytes("state"), task.id(), proof);

        assertThat(new HeaderRules(CHAIN, TICKETS.maxTicketsPerStep()).check(header, parent, 41, bits)).isNull();
        StepVerdict verdict = new StepReplay(task, data, TICKETS, LivenessRule.DEFAULT, TEAM)
                .check(win.startState(), header.miner(), header.parent(), header.proof().winner());
        assertThat(verdict.refusal()).isNull();
    }

    private static Ed25519.KeyPair key() {
        byte[] secret = new byte[32];
        secret[31] = 9;
        return Ed25519.KeyPair.fromPrivateKey(secret);
    }
}
