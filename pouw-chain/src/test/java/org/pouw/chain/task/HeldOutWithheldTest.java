package org.pouw.chain.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.pouw.chain.task.TaskScenario.FUNDS;
import static org.pouw.chain.task.TaskScenario.HELD_OUT;
import static org.pouw.chain.task.TaskScenario.STAKE;
import static org.pouw.chain.task.TaskScenario.SUBSIDY;
import static org.pouw.chain.task.TaskScenario.id;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.state.SettlementReport;
import org.pouw.chain.state.StateRoot;
import org.pouw.chain.state.TxOutcome;
import org.pouw.chain.state.TxRefusal;
import org.pouw.chain.tx.RevealHeldOut;
import org.pouw.chain.tx.Transaction;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

/**
 * A poster who withholds its held-out set (docs/chain.md §4.4) can not keep the escrow: at the block after the
 * held-out deadline the escrow is split equally among the participants who revealed their models, in commitment
 * order; with none revealed it is burnt. Nor can it reveal late, reveal a different set, or let someone else reveal.
 */
class HeldOutWithheldTest {
    private static final Ed25519.KeyPair POSTER = TaskScenario.key(20);
    private static final Ed25519.KeyPair ANNA = TaskScenario.key(21);
    private static final Ed25519.KeyPair BORIS = TaskScenario.key(22);
    private static final long ESCROW = 1_001;

    private TaskScenario chain;
    private Bytes32 task;

    /** Both miners train and commit; Anna reveals, Boris (when {@code borisReveals}) too; chain at height 17. */
    private void trainedAndRevealed(boolean annaReveals, boolean borisReveals) {
        chain = new TaskScenario(POSTER, ANNA, BORIS);
        chain.stake(ANNA, BORIS);
        task = chain.post(POSTER, TaskScenario.task(ESCROW, 12, 16, 20));
        for (int i = 0; i < 6; i++) {
            chain.block(i % 2 == 0 ? ANNA : BORIS, task);
        }
        chain.block(ANNA, task, chain.tx(BORIS, chain.commit(BORIS, task)));
        chain.block(BORIS, chain.filler(), chain.tx(ANNA, chain.commit(ANNA, task)));
        chain.fillUntil(ANNA, 13);
        List<Transaction> reveals = new ArrayList<>();
        if (annaReveals) {
            reveals.add(chain.tx(ANNA, chain.reveal(ANNA, task)));
        }
        if (borisReveals) {
            reveals.add(chain.tx(BORIS, chain.reveal(BORIS, task)));
        }
        chain.block(ANNA, chain.filler(), reveals.toArray(Transaction[]::new));
        chain.fillUntil(BORIS, 17);
    }

    @Test
    void withheldTheEscrowGoesEquallyToTheRevealedParticipants() {
        trainedAndRevealed(true, true);
        chain.fillUntil(BORIS, 20);
        long anna = chain.state.account(id(ANNA)).balance();
        long boris = chain.state.account(id(BORIS)).balance();
        long poster = chain.state.account(id(POSTER)).balance();

        chain.block(ANNA, chain.filler());     // height 21: the held-out deadline has passed

        // 1,001 = 500 + 500 + 1: the remainder goes to the earlier commitment, Boris's.
        assertThat(chain.state.account(id(BORIS)).balance() - boris).isEqualTo(501);
        assertThat(chain.state.account(id(ANNA)).balance() - anna - SUBSIDY).isEqualTo(500);
        assertThat(chain.state.account(id(POSTER)).balance()).isEqualTo(poster);
        assertThat(chain.state.task(task).settled()).isTrue();
        assertThat(chain.coins(List.of(POSTER, ANNA, BORIS), List.of(task)))
                .isEqualTo(3 * FUNDS + 2 * STAKE + chain.height * SUBSIDY);
        SettlementReport report = SettlementReport.withoutHeldOut(ESCROW, List.of(revealed(ANNA), revealed(BORIS)));
        assertThat(report.ranking()).as("the report a node rebuilds: commitment order, what was paid, no scores")
                .extracting(SettlementReport.Ranked::miner, SettlementReport.Ranked::rank,
                        SettlementReport.Ranked::amount, SettlementReport.Ranked::evaluation)
                .containsExactly(tuple(id(BORIS), 1, 501L, null), tuple(id(ANNA), 2, 500L, null));
        assertThat(report.burnt()).isZero();
    }

    /** A model as a node finds it in the reveal transaction, with the commitment index the work log keeps. */
    private SettlementReport.RevealedModel revealed(Ed25519.KeyPair miner) {
        return new SettlementReport.RevealedModel(id(miner), chain.state.workLog(task, id(miner)).commitIndex(),
                chain.model(miner, task));
    }

    @Test
    void onlyThoseWhoRevealedShare() {
        trainedAndRevealed(true, false);
        chain.fillUntil(BORIS, 20);
        long anna = chain.state.account(id(ANNA)).balance();
        long boris = chain.state.account(id(BORIS)).balance();
        chain.block(BORIS, chain.filler());
        assertThat(chain.state.account(id(ANNA)).balance() - anna).isEqualTo(ESCROW);
        assertThat(chain.state.account(id(BORIS)).balance() - boris).isEqualTo(SUBSIDY);
    }

    @Test
    void withNobodyRevealedTheEscrowIsBurntNotReturned() {
        trainedAndRevealed(false, false);
        chain.fillUntil(BORIS, 20);
        long poster = chain.state.account(id(POSTER)).balance();
        chain.block(ANNA, chain.filler());
        assertThat(chain.state.burnt()).isEqualTo(ESCROW);
        assertThat(chain.state.account(id(POSTER)).balance()).isEqualTo(poster);
        SettlementReport report = SettlementReport.withoutHeldOut(ESCROW, List.of());
        assertThat(report.ranking()).isEmpty();
        assertThat(report.burnt()).isEqualTo(chain.state.burnt());
        assertThat(chain.coins(List.of(POSTER, ANNA, BORIS), List.of(task)))
                .isEqualTo(3 * FUNDS + 2 * STAKE + chain.height * SUBSIDY);
    }

    @Test
    void theHeldOutSetIsRevealedOnlyByThePosterInItsWindowAndAsCommitted() {
        trainedAndRevealed(true, true);
        Bytes32 root = StateRoot.of(chain.state);
        // height 18 is inside the window (16, 20]; each of these is refused there and changes nothing.
        assertThat(chain.apply(chain.tx(ANNA, TaskScenario.heldOut(task))).refusal())
                .isEqualTo(TxRefusal.NOT_THE_POSTER);
        RevealHeldOut wrongSalt = new RevealHeldOut(task, Bytes32.fromHex("5b".repeat(32)),
                TaskScenario.heldOut(task).records());
        assertThat(chain.apply(chain.tx(POSTER, wrongSalt)).refusal()).isEqualTo(TxRefusal.HELD_OUT_MISMATCH);
        List<byte[]> fewer = new ArrayList<>(TaskScenario.heldOut(task).records());
        fewer.remove(0);
        assertThat(chain.apply(chain.tx(POSTER, new RevealHeldOut(task, TaskScenario.SALT, fewer))).refusal())
                .isEqualTo(TxRefusal.HELD_OUT_MISMATCH);
        List<byte[]> repeated = new ArrayList<>(TaskScenario.heldOut(task).records());
        repeated.add(HELD_OUT.record(0));
        TxOutcome duplicate = chain.apply(chain.tx(POSTER, new RevealHeldOut(task, TaskScenario.SALT, repeated)));
        assertThat(duplicate.refusal()).isEqualTo(TxRefusal.HELD_OUT_UNREADABLE);
        assertThat(duplicate.detail()).contains("repeats");
        assertThat(StateRoot.of(chain.state)).isEqualTo(root);

        chain.fillUntil(BORIS, 20);
        assertThat(chain.apply(chain.tx(POSTER, TaskScenario.heldOut(task))).refusal())
                .as("too late at height 21").isEqualTo(TxRefusal.OUTSIDE_WINDOW);
    }

    @Test
    void theHeldOutSetCanNotBeRevealedBeforeTheModelsAre() {
        chain = new TaskScenario(POSTER, ANNA);
        chain.stake(ANNA);
        task = chain.post(POSTER, TaskScenario.task(ESCROW, 12, 16, 20));
        chain.block(ANNA, task);
        assertThat(chain.apply(chain.tx(POSTER, TaskScenario.heldOut(task))).refusal())
                .isEqualTo(TxRefusal.OUTSIDE_WINDOW);
    }
}
