package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.mining.MiningFixtures.MINER;
import static org.pouw.chain.mining.MiningFixtures.TEAM;
import static org.pouw.chain.mining.MiningFixtures.TICKETS;
import static org.pouw.chain.mining.MiningFixtures.TIP;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.TrainingState;

/**
 * A validator without the task's dataset replays a step from the batch's records as the block opens them, each
 * proven against the dataset root (docs/chain.md §3.1); a record that is not the one the batch names is refused.
 */
class OpenedBatchTest {
    private final Dataset data = MiningFixtures.blobs(256, 16, 4, 0.4, 3);
    private final TrainingTask task = MiningFixtures.mlp(data);
    private final byte[] start = MiningFixtures.trained(task, data, 3).encode();
    private final MinedStep claim = MiningFixtures.claim(task, data, start, TIP);
    private final int[] batch = TipKeyedBatch.draw(task.seed(), MINER, TIP, 3, data.size(), 16);
    private final StepReplay withoutData = new StepReplay(task, data.size(), TICKETS, LivenessRule.DEFAULT, TEAM);

    @Test
    void anHonestStepReplaysFromItsOpenedRecordsAlone() {
        StepVerdict verdict = withoutData.check(start, OpenedBatch.open(data, batch), MINER, TIP, claim);

        assertThat(verdict.refusal()).isNull();
        assertThat(verdict.replay()).isEqualTo(MiningFixtures.replay(task, data).check(start, MINER, TIP, claim)
                .replay());
    }

    @Test
    void anotherProvenRecordInTheBatchIsRefused() {
        int[] swapped = batch.clone();
        swapped[5] = swapped[5] == 0 ? 1 : 0;
        while (contains(batch, swapped[5])) {
            swapped[5]++;
        }

        assertThat(withoutData.check(start, OpenedBatch.open(data, swapped), MINER, TIP, claim).refusal())
                .isEqualTo(StepRefusal.BATCH_RECORDS_UNPROVEN);
    }

    @Test
    void whatRecordsHandsOutCanNotChangeTheBatch() {
        OpenedBatch honest = OpenedBatch.open(data, batch);
        byte[] handedOut = honest.records().get(0);
        handedOut[handedOut.length - 1] ^= 1;

        assertThat(honest.records().get(0)).isEqualTo(data.record(batch[0]));
        assertThat(withoutData.check(start, honest, MINER, TIP, claim).refusal()).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> honest.records().set(0, handedOut))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> honest.records().remove(0))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aTamperedRecordOrAMissingOneIsRefused() {
        OpenedBatch honest = OpenedBatch.open(data, batch);
        List<byte[]> records = new ArrayList<>(honest.records());
        byte[] tampered = records.get(0);
        tampered[tampered.length - 1] ^= 1;
        records.set(0, tampered);
        OpenedBatch forged = new OpenedBatch(records, honest.proofs());
        List<MerkleTree.Proof> proofs = honest.proofs().subList(0, 15);
        OpenedBatch short15 = new OpenedBatch(honest.records().subList(0, 15), proofs);

        assertThat(withoutData.check(start, forged, MINER, TIP, claim).refusal())
                .isEqualTo(StepRefusal.BATCH_RECORDS_UNPROVEN);
        assertThat(withoutData.check(start, short15, MINER, TIP, claim).refusal())
                .isEqualTo(StepRefusal.BATCH_RECORDS_UNPROVEN);
    }

    @Test
    void aDatasetOfAnotherSizeDrawsAnotherBatch() {
        StepReplay wrongSize = new StepReplay(task, data.size() + 1, TICKETS, LivenessRule.DEFAULT, TEAM);

        assertThat(wrongSize.check(start, OpenedBatch.open(data, batch), MINER, TIP, claim).refusal())
                .isEqualTo(StepRefusal.BATCH_MISMATCH);
        assertThat(TrainingState.decode(task, start).stepsDone()).isEqualTo(3);
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }
}
