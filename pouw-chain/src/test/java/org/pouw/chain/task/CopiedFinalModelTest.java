package org.pouw.chain.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.task.TaskScenario.id;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.BlockDefect;
import org.pouw.chain.state.StateRoot;
import org.pouw.chain.state.TxRefusal;
import org.pouw.chain.tx.FinalModelCommit;
import org.pouw.chain.tx.FinalModelReveal;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

/**
 * A final model copied from another miner (docs/chain.md §4.4): the state records each miner's segment end per task
 * from its own blocks, and a revealed model must hash to the revealer's own end. Copying another's model (whose hash
 * any block header shows), its commitment, or splicing one's segments onto another's chain is refused.
 */
class CopiedFinalModelTest {
    private static final Ed25519.KeyPair POSTER = TaskScenario.key(30);
    private static final Ed25519.KeyPair ANNA = TaskScenario.key(31);
    private static final Ed25519.KeyPair COPIER = TaskScenario.key(32);
    private static final Ed25519.KeyPair OUTSIDER = TaskScenario.key(33);

    @Test
    void aModelCopiedFromAnotherMinerIsRefused() {
        TaskScenario chain = new TaskScenario(POSTER, ANNA, COPIER, OUTSIDER);
        chain.stake(ANNA, COPIER);
        Bytes32 task = chain.post(POSTER, TaskScenario.task(1_000, 12, 16, 20));
        for (int i = 0; i < 4; i++) {
            chain.block(i == 3 ? COPIER : ANNA, task);
        }
        byte[] annasModel = chain.model(ANNA, task);
        Bytes32 annasHash = Bytes32.of(Blake3.hash(annasModel));
        assertThat(chain.state.workLog(task, id(ANNA)).segmentEnd()).isEqualTo(annasHash);

        chain.block(COPIER, task, chain.tx(ANNA, chain.commit(ANNA, task)));
        // Naming Anna's end as its own is refused outright: a commit names the sender's own segment end.
        Bytes32 copiersEnd = chain.state.workLog(task, id(COPIER)).segmentEnd();
        assertThat(chain.apply(chain.tx(COPIER, new FinalModelCommit(task, annasHash,
                FinalModelCommitment.of(task, id(COPIER), annasHash, TaskScenario.SALT)))).refusal())
                .isEqualTo(TxRefusal.COMMIT_NOT_SEGMENT_END);
        // The copier commits to Anna's model under its own key and end, and so can never reveal it.
        FinalModelCommit copiedCommit = new FinalModelCommit(task, copiersEnd,
                FinalModelCommitment.of(task, id(COPIER), annasHash, TaskScenario.SALT));
        chain.block(ANNA, chain.filler(), chain.tx(COPIER, copiedCommit));
        // Someone who mined nothing on the task has no segment chain a final model could end.
        assertThat(chain.apply(chain.tx(OUTSIDER, chain.commit(OUTSIDER, task))).refusal())
                .isEqualTo(TxRefusal.NOT_A_PARTICIPANT);
        assertThat(chain.apply(chain.tx(ANNA, chain.commit(ANNA, task))).refusal())
                .as("one final model per (task, key)").isEqualTo(TxRefusal.ALREADY_COMMITTED);

        chain.fillUntil(ANNA, 13);
        Bytes32 root = StateRoot.of(chain.state);
        assertThat(chain.apply(chain.tx(COPIER, new FinalModelReveal(task, TaskScenario.SALT, annasModel)))
                .refusal()).isEqualTo(TxRefusal.MODEL_NOT_SEGMENT_END);
        // Its own model does not match the copied commitment either.
        assertThat(chain.apply(chain.tx(COPIER, chain.reveal(COPIER, task))).refusal())
                .isEqualTo(TxRefusal.COMMITMENT_MISMATCH);
        assertThat(StateRoot.of(chain.state)).isEqualTo(root);
        // Anna reveals her own.
        assertThat(chain.apply(chain.tx(ANNA, chain.reveal(ANNA, task))).isApplied()).isTrue();
    }

    @Test
    void aSegmentSplicedOntoAnotherMinersChainIsRefused() {
        Ed25519.KeyPair late = TaskScenario.key(34);
        TaskScenario chain = new TaskScenario(POSTER, ANNA, COPIER, late);
        chain.stake(ANNA, COPIER, late);
        Bytes32 task = chain.post(POSTER, TaskScenario.task(1_000, 12, 16, 20));
        chain.block(ANNA, task);
        chain.block(ANNA, task);
        chain.block(COPIER, task);
        // The copier continues from Anna's end state instead of its own: its next block does not chain.
        assertThat(chain.tryBlock(COPIER, task, chain.segment(ANNA, task), List.of()).defect())
                .isEqualTo(BlockDefect.SEGMENT_NOT_CHAINED);
        // A first block must start at the task's initial state: a miner can not start from another's progress.
        assertThat(chain.tryBlock(late, task, chain.segment(ANNA, task), List.of()).defect())
                .isEqualTo(BlockDefect.SEGMENT_NOT_CHAINED);
    }

    @Test
    void afterCommittingAMinerMinesTheTaskNoMore() {
        TaskScenario chain = new TaskScenario(POSTER, ANNA);
        chain.stake(ANNA);
        Bytes32 task = chain.post(POSTER, TaskScenario.task(1_000, 12, 16, 20));
        chain.block(ANNA, task);
        chain.block(ANNA, task);
        // a commitment built before a block of hers on the task names the end that block moves: refused in it
        assertThat(chain.tryBlock(ANNA, task, chain.segment(ANNA, task),
                List.of(chain.tx(ANNA, chain.commit(ANNA, task)))).defect())
                .isEqualTo(BlockDefect.TRANSACTION_REFUSED);
        assertThat(chain.apply(chain.tx(ANNA, chain.commit(ANNA, task))).isApplied()).isTrue();
        assertThat(chain.tryBlock(ANNA, task, chain.segment(ANNA, task), List.of()).defect())
                .isEqualTo(BlockDefect.FINAL_MODEL_COMMITTED);
    }
}
