package org.pouw.cli.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pouw.cli.chain.ChainCliFixtures.CHAIN;
import static org.pouw.cli.chain.ChainCliFixtures.GENESIS;
import static org.pouw.cli.chain.ChainCliFixtures.OTHER;
import static org.pouw.cli.chain.ChainCliFixtures.POSTER;

import org.junit.jupiter.api.Test;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.state.TaskRecord;
import org.pouw.chain.state.TransactionRules;
import org.pouw.chain.state.TxOutcome;
import org.pouw.chain.state.TxRefusal;
import org.pouw.chain.task.DatasetId;
import org.pouw.chain.task.HeldOutCommitment;
import org.pouw.chain.task.TaskParameters;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.RevealHeldOut;
import org.pouw.chain.tx.Transaction;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.wire.Bytes32;

/**
 * The task {@code pouw task submit} builds and the reveal {@code pouw task reveal-heldout} builds, judged by the chain's
 * own {@link TransactionRules} on the demo genesis's state: the posted task is admitted with the fields asked for and
 * the held-out set's salted commitment; the kept file's reveal, in its window, settles the task. What the chain would
 * refuse is refused first, naming the option to change.
 */
class TaskPostingTest {
    private static final TaskParameters PARAMETERS = GENESIS.taskParameters();
    private static final Bytes32 SALT = Bytes32.fromHex("5a".repeat(32));
    private static final long HEAD = 40;

    private final TransactionRules rules = new TransactionRules(CHAIN, GENESIS.state(), PARAMETERS);
    private final Dataset train = ChainCliFixtures.training();
    private final Dataset heldOut = ChainCliFixtures.heldOut(60);

    private TaskPosting posting(float learningRate, int batch, long commitIn, long window) {
        return TaskPosting.prepare(ChainCliFixtures.task(train, heldOut, learningRate, batch, 5_000), train, heldOut,
                SALT, PARAMETERS, HEAD, commitIn, window);
    }

    @Test
    void thePostedTaskIsAdmittedAndItsHeldOutRevealSettlesIt() {
        TaskPosting posting = posting(0.05f, 16, 2 * PARAMETERS.epochLength(), 3 * PARAMETERS.minWindow());
        PayForTask pay = posting.pay();
        assertThat(pay.task().datasetRoot()).isEqualTo(train.root());
        assertThat(pay.datasetSize()).isEqualTo(400);
        assertThat(pay.features()).isEqualTo(16);
        assertThat(pay.classes()).isEqualTo(4);
        assertThat(pay.escrow()).isEqualTo(5_000);
        assertThat(pay.heldOutCommitment()).as("the salted commitment, not the plain root")
                .isEqualTo(HeldOutCommitment.of(SALT, new DatasetId(heldOut.root(), 60)))
                .isNotEqualTo(heldOut.root());
        assertThat(pay.commitBy()).isEqualTo(HEAD + 120);
        assertThat(pay.revealBy()).isEqualTo(HEAD + 180);
        assertThat(pay.heldOutBy()).isEqualTo(HEAD + 240);
        assertThat(posting.datasetId()).isEqualTo(new DatasetId(train.root(), 400).hash());
        assertThat(posting.repeats()).isZero();

        WalletTransactions wallet = new WalletTransactions(POSTER, CHAIN, 2);
        Transaction posted = Transaction.decode(wallet.payForTask(0, pay).encode());
        assertThat(posted.signatureValid(CHAIN)).isTrue();
        StateLayer state = GENESIS.initialState();
        TxOutcome outcome = rules.apply(state, posted, HEAD + 1);
        assertThat(outcome.isApplied()).as(outcome.toString()).isTrue();
        Bytes32 taskId = posted.id(CHAIN);
        TaskRecord record = state.task(taskId);
        assertThat(record.poster()).isEqualTo(wallet.sender());
        assertThat(record.escrow()).isEqualTo(5_000);
        assertThat(state.account(wallet.sender()).balance()).isEqualTo(1_000_000 - 5_000 - 2);

        HeldOutFile kept = HeldOutFile.decode(posting.keep(taskId).encode());
        RevealHeldOut reveal = kept.reveal();
        assertThat(reveal.records()).hasSize(60);
        Transaction tooEarly = wallet.revealHeldOut(1, reveal);
        assertThat(rules.apply(state.child(), tooEarly, pay.revealBy()).refusal()).isEqualTo(TxRefusal.OUTSIDE_WINDOW);
        TxOutcome revealed = rules.apply(state, tooEarly, pay.revealBy() + 1);
        assertThat(revealed.isApplied()).as(revealed.toString()).isTrue();
        assertThat(state.task(taskId).settled()).isTrue();
        assertThat(state.burnt()).as("nobody took part: the escrow is burnt, never refunded").isEqualTo(5_000);
    }

    @Test
    void aHeldOutFileForAnotherSaltDoesNotMatchTheCommitment() {
        TaskPosting posting = posting(0.05f, 16, 120, 60);
        WalletTransactions wallet = new WalletTransactions(POSTER, CHAIN, 2);
        Transaction posted = wallet.payForTask(0, posting.pay());
        StateLayer state = GENESIS.initialState();
        assertThat(rules.apply(state, posted, HEAD + 1).isApplied()).isTrue();
        HeldOutFile wrongSalt = new HeldOutFile(posted.id(CHAIN), Bytes32.fromHex("11".repeat(32)), heldOut);
        assertThat(wrongSalt.commitment()).isNotEqualTo(posting.commitment());
        assertThat(rules.apply(state, wallet.revealHeldOut(1, wrongSalt.reveal()), posting.pay().revealBy() + 1)
                .refusal()).isEqualTo(TxRefusal.HELD_OUT_MISMATCH);
        Transaction byOther = new WalletTransactions(OTHER, CHAIN, 0).revealHeldOut(0,
                posting.keep(posted.id(CHAIN)).reveal());
        assertThat(rules.apply(state, byOther, posting.pay().revealBy() + 1).refusal())
                .isEqualTo(TxRefusal.NOT_THE_POSTER);
    }

    @Test
    void whatTheChainWouldNotAdmitIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> posting(2f, 16, 120, 60)).hasMessageStartingWith("--lr:")
                .hasMessageContaining("learning rate");
        assertThatThrownBy(() -> posting(0.05f, 64, 120, 60)).as("400 records are fewer than 10 batches of 64")
                .hasMessageStartingWith("--data:").hasMessageContaining("dataset size");
        assertThatThrownBy(() -> posting(0.05f, 16, PARAMETERS.epochLength(), 60))
                .as("included at the next height, an epoch of training no longer fits").hasMessageStartingWith(
                        "--commit-in:");
        assertThatThrownBy(() -> posting(0.05f, 16, 120, PARAMETERS.minWindow() - 1))
                .hasMessageStartingWith("--window:");
        assertThatThrownBy(() -> posting(0.05f, 16, 0, 60)).hasMessageStartingWith("--commit-in:");
        assertThatThrownBy(() -> posting(0.05f, 16, 120, 0)).hasMessageStartingWith("--window:");
    }

    @Test
    void aHeldOutSetTheRevealCouldNotCarryOrThatRepeatsARecordIsRefused() {
        Dataset big = ChainCliFixtures.heldOut(RevealHeldOut.MAX_HELD_OUT_BYTES / (8 + 4 * 16) + 1);
        assertThatThrownBy(() -> TaskPosting.prepare(ChainCliFixtures.task(train, big, 0.05f, 16, 10), train, big,
                SALT, PARAMETERS, HEAD, 120, 60)).hasMessageStartingWith("--held-out-limit:")
                .hasMessageContaining("--held-out-limit " + RevealHeldOut.MAX_HELD_OUT_BYTES / (8 + 4 * 16));

        float[][] rows = new float[3][];
        int[] labels = {1, 2, 1};
        rows[0] = heldOut.features(0);
        rows[1] = heldOut.features(1);
        rows[2] = heldOut.features(0).clone();
        for (int j = 0; j < rows[2].length; j++) {
            rows[2][j] *= 4;   // a power-of-two copy is the same record
        }
        Dataset repeating = Dataset.of(rows, labels, 4);
        assertThatThrownBy(() -> TaskPosting.prepare(ChainCliFixtures.task(train, repeating, 0.05f, 16, 10), train,
                repeating, SALT, PARAMETERS, HEAD, 120, 60)).hasMessageStartingWith("--data:")
                .hasMessageContaining("held-out record 2");
    }
}
