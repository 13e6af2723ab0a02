package org.pouw.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.pouw.chain.task.TaskParameters;
import org.pouw.chain.tx.BuyTickets;
import org.pouw.chain.tx.PayForTask;
import org.pouw.chain.tx.StakeRole;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.Transfer;
import org.pouw.chain.tx.TxBody;
import org.pouw.chain.tx.Unstake;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.wire.Bytes32;

/**
 * No sequence of transactions creates or destroys coins: balances, stake in every state, escrows of posted tasks,
 * the burnt total and the fees paid to miners always add up to what there was at the start, whichever transactions
 * were refused. Tasks are posted with short windows and settled at their deadlines as blocks would (nobody takes
 * part, so their escrows are burnt): escrow moves, burns are accounted.
 */
class ConservationProperties {
    private static final Bytes32 CHAIN = Bytes32.fromHex("c0".repeat(32));
    private static final List<Ed25519.KeyPair> KEYS = List.of(key(1), key(2), key(3));
    private static final long START = 1_000;
    private static final TaskParameters QUICK_TASKS = new TaskParameters(1, 1, TaskParameters.DEFAULTS.sgdLearningRate(),
            TaskParameters.DEFAULTS.adamLearningRate(), 512, 10, 1L << 25, 1L << 22, 1, 1_000, 8, 1, 0,
            List.of(1L));

    record Step(int from, int to, int kind, long amount, long fee, long heightStep, boolean obligation) {
    }

    @Property(tries = 300)
    void coinsAreConserved(@ForAll @Size(max = 40) List<@net.jqwik.api.From("steps") Step> steps) {
        ChainParameters chain = new ChainParameters(3, 7);
        TransactionRules rules = new TransactionRules(CHAIN, chain, QUICK_TASKS);
        TaskBlockRules blocks = new TaskBlockRules(CHAIN, chain, QUICK_TASKS, 1, List.of());
        List<Bytes32> tasks = new ArrayList<>();
        StateLayer state = StateLayer.empty();
        for (Ed25519.KeyPair key : KEYS) {
            state.putAccount(Bytes32.of(key.publicKey()), new Account(START, 0));
        }
        long fees = 0;
        long height = 0;
        List<Long> nonces = new ArrayList<>(List.of(0L, 0L, 0L));
        for (Step step : steps) {
            for (long h = height + 1; h <= height + step.heightStep(); h++) {
                blocks.settleDue(state, h);
            }
            height += step.heightStep();
            if (step.obligation()) {
                state.putLastObligation(Bytes32.of(KEYS.get(step.from()).publicKey()), height);
            }
            TxBody body = switch (step.kind()) {
                case 0 -> new Transfer(Bytes32.of(KEYS.get(step.to()).publicKey()), step.amount());
                case 1 -> new BuyTickets(StakeRole.MINER, step.amount());
                case 2 -> new Unstake(StakeRole.MINER, step.amount());
                default -> task(step.amount(), height);
            };
            long nonce = nonces.get(step.from());
            Transaction tx = Transaction.sign(KEYS.get(step.from()), CHAIN, nonce, step.fee(), new byte[0], body);
            TxOutcome outcome = rules.apply(state, tx, height);
            if (outcome.isApplied()) {
                if (body instanceof PayForTask) {
                    tasks.add(tx.id(CHAIN));
                }
                fees += outcome.fee();
                nonces.set(step.from(), nonce + 1);
            }
            assertThat(total(state, tasks) + fees).as("after %s at height %d", step, height)
                    .isEqualTo(START * KEYS.size());
        }
    }

    /** The property's task path, pinned: a posted escrow is held, then burnt at its deadline, never lost. */
    @Example
    void aPostedEscrowIsHeldThenBurntAtItsDeadline() {
        ChainParameters chain = new ChainParameters(3, 7);
        TransactionRules rules = new TransactionRules(CHAIN, chain, QUICK_TASKS);
        TaskBlockRules blocks = new TaskBlockRules(CHAIN, chain, QUICK_TASKS, 1, List.of());
        StateLayer state = StateLayer.empty();
        Bytes32 poster = Bytes32.of(KEYS.get(0).publicKey());
        state.putAccount(poster, new Account(START, 0));
        Transaction post = Transaction.sign(KEYS.get(0), CHAIN, 0, 5, new byte[0], task(300, 0));
        assertThat(rules.apply(state, post, 0).isApplied()).isTrue();
        assertThat(state.account(poster).balance()).isEqualTo(START - 300 - 5);
        assertThat(state.task(post.id(CHAIN)).escrow()).isEqualTo(300);
        for (long h = 1; h <= 4; h++) {
            blocks.settleDue(state, h);
        }
        assertThat(state.burnt()).isEqualTo(300);
        assertThat(state.task(post.id(CHAIN)).escrow()).isZero();
        assertThat(state.account(poster).balance() + state.burnt() + 5).isEqualTo(START);
    }

    record AuditStep(int kind, int key, int other, long amount) {
    }

    /**
     * Audits move coins too (docs/chain.md §5): block rewards are minted into immature rewards, mature into balances,
     * are clawed back with the whole stake by a missing opening at maturity or by evidence (a tenth of the stake to
     * the reporter), and late openings are charged. Whatever the order, balances, stakes, immature rewards and the
     * burnt total add up to the start plus the rewards minted.
     */
    @Property(tries = 200)
    void auditsConserveCoins(@ForAll @Size(max = 60) List<@net.jqwik.api.From("auditSteps") AuditStep> steps) {
        org.pouw.chain.audit.AuditParameters parameters = new org.pouw.chain.audit.AuditParameters(2, 3, 2, 2, 8,
                4, 1 << 20, 70, 10);
        AuditBlockRules audits = new AuditBlockRules(CHAIN, parameters);
        Slashing slashing = new Slashing(parameters);
        StateLayer state = StateLayer.empty();
        for (Ed25519.KeyPair key : KEYS) {
            state.putAccount(Bytes32.of(key.publicKey()), new Account(START, 0));
            state.putStake(Bytes32.of(key.publicKey()), new Stake(START, 0, 0, 0, 0));
        }
        long minted = 0;
        long height = 0;
        for (AuditStep step : steps) {
            Bytes32 key = Bytes32.of(KEYS.get(step.key()).publicKey());
            switch (step.kind()) {
                case 0 -> {
                    height++;
                    Bytes32 parent = Bytes32.fromHex(String.format("%064x", height - 1));
                    org.pouw.chain.mining.MinedStep winner = new org.pouw.chain.mining.MinedStep(height, parent,
                            parent, parent, parent, 1);
                    org.pouw.chain.mining.MiningProof proof = new org.pouw.chain.mining.MiningProof(
                            winner.leafHash(), 3, parent, winner, List.of(), 0);
                    audits.beforeBody(state, key, height, proof);
                    audits.afterBody(state, key, height, parent, proof, step.amount());
                    minted += step.amount();
                }
                case 1 -> slashing.slash(state, key, height, Bytes32.of(KEYS.get(step.other()).publicKey()));
                case 2 -> slashing.charge(state, key, step.amount());
                default -> {
                    PendingAudit audit = state.audit(height);
                    if (audit != null && audit.status() != PendingAudit.Status.CLOSED) {
                        state.putAudit(audit.with(PendingAudit.Status.OPENED));
                    }
                }
            }
            long total = state.burnt();
            for (Ed25519.KeyPair k : KEYS) {
                Bytes32 id = Bytes32.of(k.publicKey());
                Stake stake = state.stake(id);
                total += state.account(id).balance() + stake.active() + stake.pending() + stake.unbonding();
                for (ImmatureReward reward : state.immatureRewards(id)) {
                    total += reward.amount();
                }
            }
            assertThat(total).as("after %s at height %d", step, height).isEqualTo(2 * START * KEYS.size() + minted);
        }
    }

    @Provide
    Arbitrary<AuditStep> auditSteps() {
        return Combinators.combine(Arbitraries.integers().between(0, 3).edgeCases(c -> c.add(0)),
                Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 2),
                Arbitraries.longs().between(0, 500)).as(AuditStep::new);
    }

    @Provide
    Arbitrary<Step> steps() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 3), Arbitraries.longs().between(1, 600),
                Arbitraries.longs().between(0, 20), Arbitraries.longs().between(0, 6),
                Arbitraries.of(false, false, true)).as(Step::new);
    }

    private static long total(StateLayer state, List<Bytes32> tasks) {
        long total = state.burnt();
        for (Bytes32 task : tasks) {
            total += state.task(task).escrow();
        }
        for (Ed25519.KeyPair key : KEYS) {
            Bytes32 id = Bytes32.of(key.publicKey());
            Stake stake = state.stake(id);
            total += state.account(id).balance() + stake.active() + stake.pending() + stake.unbonding();
        }
        return total;
    }

    /** A task with windows of one block from {@code height}, escrowing {@code escrow}. */
    private static PayForTask task(long escrow, long height) {
        TrainingTask task = new TrainingTask(MlpArchitecture.of(2, List.of(3), Activation.RELU, 2),
                new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(0.1f, 0.9f), 1),
                Bytes32.fromHex("d0".repeat(32)), Bytes32.fromHex("e0".repeat(32)), 1, 100,
                TargetMetric.accuracyAtLeast(0), escrow);
        return new PayForTask(task, 20, 2, 2, height + 1, height + 2, height + 3);
    }

    private static Ed25519.KeyPair key(int seed) {
        byte[] secret = new byte[32];
        secret[0] = (byte) seed;
        return Ed25519.KeyPair.fromPrivateKey(secret);
    }
}
