package org.pouw.chain.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.BlockDefect;
import org.pouw.chain.block.BlockOutcome;
import org.pouw.chain.state.StateRoot;
import org.pouw.chain.state.TestStates;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

/**
 * The assignment draw (docs/chain.md §4.3): miners land on tasks in proportion to their weights, no task takes more
 * than M_task, and a block mined on a task its miner was not assigned is refused.
 */
class AssignmentTest {
    private static final Bytes32 BEACON = Bytes32.fromHex("be".repeat(32));
    private static final Bytes32 FILLER = Bytes32.fromHex("f1".repeat(32));

    private static List<Bytes32> miners(int count) {
        List<Bytes32> miners = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            miners.add(Bytes32.of(Blake3.hash(ByteBuffer.allocate(4).putInt(i).array())));
        }
        return miners;
    }

    private static Bytes32 task(int i) {
        return Bytes32.of(Blake3.hash(new byte[] {'t', (byte) i}));
    }

    /** 20,000 draws over weights 1 : 2 : 5 and a filler weight 2: each count within 5σ of its binomial mean. */
    @Test
    void drawsFollowTheWeightsWithinFiveSigma() {
        List<AssignmentDraw.Candidate> candidates = List.of(new AssignmentDraw.Candidate(task(0), BigInteger.ONE),
                new AssignmentDraw.Candidate(task(1), BigInteger.TWO),
                new AssignmentDraw.Candidate(task(2), BigInteger.valueOf(5)));
        int n = 20_000;
        Map<Bytes32, Bytes32> drawn = AssignmentDraw.assign(BEACON, miners(n), candidates, BigInteger.TWO,
                Integer.MAX_VALUE, FILLER);
        Map<Bytes32, Integer> counts = new HashMap<>();
        drawn.values().forEach(t -> counts.merge(t, 1, Integer::sum));
        Map<Bytes32, Double> weights = Map.of(task(0), 0.1, task(1), 0.2, task(2), 0.5, FILLER, 0.2);
        for (Map.Entry<Bytes32, Double> entry : weights.entrySet()) {
            double p = entry.getValue();
            double sigma = Math.sqrt(n * p * (1 - p));
            assertThat((double) counts.getOrDefault(entry.getKey(), 0)).as("share %s", p)
                    .isBetween(n * p - 5 * sigma, n * p + 5 * sigma);
        }
        assertThat(AssignmentDraw.assign(BEACON, miners(n), candidates, BigInteger.TWO, Integer.MAX_VALUE, FILLER))
                .as("deterministic").isEqualTo(drawn);
        assertThat(AssignmentDraw.assign(Bytes32.fromHex("bf".repeat(32)), miners(n), candidates, BigInteger.TWO,
                Integer.MAX_VALUE, FILLER)).as("another beacon, another matching").isNotEqualTo(drawn);
    }

    /** No task takes more than M_task miners: a full task passes them on, and when all are full, to the filler. */
    @Test
    void aFullTaskPassesItsMinersOnAndTheRestGoToTheFiller() {
        List<AssignmentDraw.Candidate> candidates = List.of(new AssignmentDraw.Candidate(task(0), BigInteger.ONE),
                new AssignmentDraw.Candidate(task(1), BigInteger.valueOf(1_000)));
        Map<Bytes32, Bytes32> drawn = AssignmentDraw.assign(BEACON, miners(30), candidates, BigInteger.ZERO, 8,
                FILLER);
        Map<Bytes32, Integer> counts = new HashMap<>();
        drawn.values().forEach(t -> counts.merge(t, 1, Integer::sum));
        assertThat(counts).containsEntry(task(0), 8).containsEntry(task(1), 8).containsEntry(FILLER, 14);
        assertThat(AssignmentDraw.assign(BEACON, miners(30), candidates, BigInteger.ZERO, 8, null)).hasSize(16);
    }

    /** A task takes no more miners than its budget pays holdings for (its slots), even under M_task. */
    @Test
    void aTaskTakesNoMoreMinersThanItsSlots() {
        List<AssignmentDraw.Candidate> candidates = List.of(
                new AssignmentDraw.Candidate(task(0), BigInteger.valueOf(1_000), 3),
                new AssignmentDraw.Candidate(task(1), BigInteger.ONE, 8));
        Map<Bytes32, Bytes32> drawn = AssignmentDraw.assign(BEACON, miners(30), candidates, BigInteger.ZERO, 8,
                FILLER);
        Map<Bytes32, Integer> counts = new HashMap<>();
        drawn.values().forEach(t -> counts.merge(t, 1, Integer::sum));
        assertThat(counts).containsEntry(task(0), 3).containsEntry(task(1), 8).containsEntry(FILLER, 19);
    }

    /** "Full" is decided by stake: with room for three, the three largest stakes train the task, whatever the keys. */
    @Test
    void whenATaskIsFullTheLargestStakesKeepIt() {
        TaskParameters p = TaskScenario.PARAMETERS;
        TaskParameters three = new TaskParameters(p.ticketPriceNumerator(), p.ticketPriceDenominator(),
                p.sgdLearningRate(), p.adamLearningRate(), p.maxBatch(), p.recordsPerBatch(), p.maxMultiplyAdds(),
                p.maxStateWords(), p.minWindow(), p.maxLifetime(), 3, p.epochLength(), 0, p.rankWeights());
        Ed25519.KeyPair poster = TaskScenario.key(61);
        TaskScenario chain = new TaskScenario(three, List.of(), poster);
        List<Ed25519.KeyPair> keys = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            keys.add(TaskScenario.key(62 + i));
            TestStates.stake(chain.state, keys.get(i), TaskScenario.STAKE + 10L * ((i * 5) % 8));
        }
        Bytes32 task = chain.post(poster, TaskScenario.task(1_000, 12, 16, 20));
        List<Ed25519.KeyPair> byStake = new ArrayList<>(keys);
        byStake.sort((a, b) -> Long.compare(chain.state.stake(TaskScenario.id(b)).active(),
                chain.state.stake(TaskScenario.id(a)).active()));
        chain.block(byStake.get(0), task);
        assertThat(chain.state.assignment(0).keySet()).containsExactlyInAnyOrder(TaskScenario.id(byStake.get(0)),
                TaskScenario.id(byStake.get(1)), TaskScenario.id(byStake.get(2)));
        assertThat(chain.tryBlock(byStake.get(3), task, chain.segment(byStake.get(3), task), List.of()).defect())
                .isEqualTo(BlockDefect.TASK_NOT_ASSIGNED);
    }

    /** A miner's block on a task the epoch did not assign it is refused and changes nothing. */
    @Test
    void aBlockOnATaskTheMinerWasNotAssignedIsRefused() {
        Ed25519.KeyPair poster = TaskScenario.key(50);
        List<Ed25519.KeyPair> keys = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            keys.add(TaskScenario.key(51 + i));
        }
        TaskScenario chain = new TaskScenario(poster);
        keys.forEach(chain::stake);
        Bytes32 first = chain.post(poster, TaskScenario.task(1_000, 12, 16, 20));
        Bytes32 second = chain.post(poster, TaskScenario.task(3_000, 14, 18, 22));
        Ed25519.KeyPair miner = keys.get(0);
        BlockOutcome onFirst = chain.tryBlock(miner, first, chain.segment(miner, first), List.of());
        Bytes32 assigned = onFirst.isValid() ? first : second;
        Bytes32 other = assigned.equals(first) ? second : first;
        chain.block(miner, assigned);
        assertThat(chain.assigned(miner)).isEqualTo(assigned);
        Bytes32 root = StateRoot.of(chain.state);

        BlockOutcome wrong = chain.tryBlock(miner, other, chain.segment(miner, other), List.of());
        assertThat(wrong.defect()).isEqualTo(BlockDefect.TASK_NOT_ASSIGNED);
        assertThat(wrong.state()).isNull();
        assertThat(StateRoot.of(chain.state)).isEqualTo(root);
        // Nor may it mine the filler while its own task can still take its blocks.
        assertThat(chain.tryBlock(miner, chain.filler(), chain.segment(miner, chain.filler()), List.of()).defect())
                .isEqualTo(BlockDefect.TASK_NOT_ASSIGNED);

        // Stake that became active after the epoch's assignment waits for the next epoch.
        Ed25519.KeyPair newcomer = TaskScenario.key(60);
        chain.stake(newcomer);
        assertThat(chain.tryBlock(newcomer, assigned, chain.segment(newcomer, assigned), List.of()).defect())
                .isEqualTo(BlockDefect.TASK_NOT_ASSIGNED);
        while (chain.height < 4) {
            chain.block(miner, assigned);
        }
        Bytes32 next = mineWherever(chain, newcomer, first, second, chain.filler());
        assertThat(chain.assigned(newcomer)).as("in epoch 1 the newcomer has a task").isEqualTo(next);
    }

    /** Mines {@code miner}'s block on the first of {@code tasks} the chain accepts, and returns it. */
    private static Bytes32 mineWherever(TaskScenario chain, Ed25519.KeyPair miner, Bytes32... tasks) {
        for (Bytes32 task : tasks) {
            if (chain.tryBlock(miner, task, chain.segment(miner, task), List.of()).isValid()) {
                chain.block(miner, task);
                return task;
            }
        }
        throw new AssertionError("no task takes the miner's block");
    }

    /** The block at e·E_a − ACT fixes epoch e's beacon from its ticket, before any miner of epoch e is known. */
    @Test
    void eachEpochsBeaconIsFixedActBlocksBeforeIt() {
        Ed25519.KeyPair miner = TaskScenario.key(70);
        TaskScenario chain = new TaskScenario(miner);
        chain.stake(miner);
        Bytes32 fallback = chain.tasks.beacon(chain.state, 2);
        while (chain.height < 7) {
            chain.block(miner, chain.filler());
        }
        assertThat(chain.state.beacon(2)).isNull();
        chain.block(miner, chain.filler());
        assertThat(chain.state.beacon(2)).isNotNull().isNotEqualTo(fallback);
        assertThat(chain.tasks.beacon(chain.state, 2)).isEqualTo(chain.state.beacon(2));
    }
}
