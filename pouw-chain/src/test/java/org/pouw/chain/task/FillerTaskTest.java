package org.pouw.chain.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.task.TaskScenario.id;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.BlockDefect;
import org.pouw.chain.block.MinedWork;
import org.pouw.chain.mining.MinedStep;
import org.pouw.chain.mining.MiningProof;
import org.pouw.chain.state.TaskRecord;
import org.pouw.chain.state.TxRefusal;
import org.pouw.chain.tx.FinalModelCommit;
import org.pouw.chain.tx.PayForTask;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.wire.Bytes32;

/**
 * Filler tasks (docs/chain.md §4.3): derived from the beacon over the genesis datasets, inside the admission caps,
 * unchosen by anyone; they keep the chain live when paid demand is low, cost no budget and settle nothing.
 */
class FillerTaskTest {
    private static final GenesisDataset WIDE = new GenesisDataset(new DatasetId(Bytes32.fromHex("d1".repeat(32)),
            60_000), 784, 10);

    @Test
    void fillerTasksComeFromTheBeaconWithinTheCaps() {
        List<GenesisDataset> genesis = List.of(TaskScenario.GENESIS, WIDE);
        TaskParameters parameters = TaskParameters.DEFAULTS;
        Set<Bytes32> roots = new HashSet<>();
        Set<Integer> widths = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Bytes32 beacon = Bytes32.of(Blake3.hash(ByteBuffer.allocate(4).putInt(i).array()));
            PayForTask filler = FillerTasks.derive(beacon, genesis, parameters);
            assertThat(FillerTasks.derive(beacon, genesis, parameters)).as("deterministic").isEqualTo(filler);
            MlpArchitecture mlp = (MlpArchitecture) filler.task().architecture();
            int batch = filler.task().hyperparameters().batchSize();
            assertThat(StepWorkBound.maxCountedMultiplyAdds(mlp, batch)).isLessThanOrEqualTo(
                    parameters.maxMultiplyAdds());
            assertThat(filler.datasetSize()).isGreaterThanOrEqualTo((long) parameters.recordsPerBatch() * batch);
            assertThat(parameters.sgdLearningRate().contains(
                    ((SgdMomentum) filler.task().hyperparameters().optimizer()).learningRate())).isTrue();
            assertThat(filler.features()).isEqualTo(mlp.inputSize());
            assertThat(filler.escrow()).isZero();
            roots.add(filler.task().datasetRoot());
            widths.add(mlp.hidden().get(0));
        }
        assertThat(roots).hasSize(2);
        assertThat(widths).containsExactlyInAnyOrder(16, 32, 64, 128);
        assertThat(FillerTasks.derive(Bytes32.fromHex("00".repeat(32)), List.of(), parameters)).isNull();
    }

    /** With no paid task the chain lives on the filler task: no budget taken, no commitments, no settlement. */
    @Test
    void withoutPaidTasksMinersTrainTheFillerAndNothingIsCharged() {
        Ed25519.KeyPair miner = TaskScenario.key(80);
        TaskScenario chain = new TaskScenario(miner);
        chain.stake(miner);
        for (int i = 0; i < 14; i++) {
            chain.block(miner, chain.filler());
        }
        Bytes32 filler = chain.assigned(miner);
        TaskRecord record = chain.state.task(filler);
        assertThat(chain.tasks.taskFor(chain.state, chain.filler(), chain.height + 1))
                .as("the next epoch's filler, before any block writes it").isNotNull();
        assertThat(chain.state.task(chain.filler())).isNull();
        assertThat(chain.tasks.taskFor(chain.state, Bytes32.fromHex("ab".repeat(32)), chain.height + 1)).isNull();
        assertThat(record.filler()).isTrue();
        assertThat(record.escrow()).isZero();
        assertThat(chain.state.workLog(filler, id(miner)).blocks()).as("heights 10 to 14, epoch 2").isEqualTo(5);
        assertThat(chain.apply(chain.tx(miner, new FinalModelCommit(filler, filler, filler))).refusal())
                .isEqualTo(TxRefusal.UNKNOWN_TASK);
        assertThat(chain.state.account(id(miner)).balance()).isEqualTo(TaskScenario.FUNDS + 14 * TaskScenario.SUBSIDY);
    }

    /** Without genesis datasets and paid tasks there is nothing to assign: no block is valid. */
    @Test
    void withNothingToTrainNoBlockIsValid() {
        Ed25519.KeyPair miner = TaskScenario.key(81);
        TaskScenario chain = new TaskScenario(TaskScenario.PARAMETERS, List.of(), miner);
        chain.stake(miner);
        Bytes32 anything = Bytes32.fromHex("aa".repeat(32));
        assertThat(chain.blocks.execute(chain.state, id(miner), 1, new MinedWork(anything,
                new MiningProof(anything, 1, anything, new MinedStep(0,
                        anything, anything, anything, anything, 1), List.of(), 0), TaskScenario.BITS), List.of())
                .defect()).isEqualTo(BlockDefect.TASK_NOT_ASSIGNED);
    }

    /** Paid demand below Φ blocks' worth: the filler takes the difference as weight, so most miners train it. */
    @Test
    void belowTheDemandThresholdTheFillerSharesTheDraw() {
        TaskParameters p = TaskScenario.PARAMETERS;
        TaskParameters lowDemand = new TaskParameters(p.ticketPriceNumerator(), p.ticketPriceDenominator(),
                p.sgdLearningRate(), p.adamLearningRate(), p.maxBatch(), p.recordsPerBatch(), p.maxMultiplyAdds(),
                p.maxStateWords(), p.minWindow(), p.maxLifetime(), 100, p.epochLength(), 100, p.rankWeights());
        Ed25519.KeyPair poster = TaskScenario.key(82);
        TaskScenario chain = new TaskScenario(lowDemand, List.of(TaskScenario.GENESIS), poster);
        for (int i = 0; i < 60; i++) {
            chain.stake(TaskScenario.key(100 + i));
        }
        // 10 blocks' worth of budget against a threshold of 100: the filler weighs 9,000 against the task's 1,000.
        Bytes32 task = chain.post(poster, TaskScenario.task(1_000, 12, 16, 20));
        Ed25519.KeyPair first = TaskScenario.key(100);
        chain.block(first, chain.tryBlock(first, task, chain.segment(first, task), List.of()).isValid() ? task
                : chain.filler());
        long onTask = chain.state.assignment(0).values().stream().filter(task::equals).count();
        long onFiller = chain.state.assignment(0).values().stream().filter(chain.filler()::equals).count();
        assertThat(onTask + onFiller).isEqualTo(60);
        assertThat(onTask).isBetween(1L, 20L);
    }
}
