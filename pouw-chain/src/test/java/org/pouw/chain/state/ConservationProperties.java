package org.pouw.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.pouw.chain.tx.BuyTickets;
import org.pouw.chain.tx.StakeRole;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.Transfer;
import org.pouw.chain.tx.TxBody;
import org.pouw.chain.tx.Unstake;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

/**
 * No sequence of transactions creates or destroys coins: balances, stake in every state, and the fees paid to miners
 * always add up to what there was at the start, whichever transactions were refused.
 */
class ConservationProperties {
    private static final Bytes32 CHAIN = Bytes32.fromHex("c0".repeat(32));
    private static final List<Ed25519.KeyPair> KEYS = List.of(key(1), key(2), key(3));
    private static final long START = 1_000;

    record Step(int from, int to, int kind, long amount, long fee, long heightStep, boolean obligation) {
    }

    @Property(tries = 300)
    void coinsAreConserved(@ForAll @Size(max = 40) List<@net.jqwik.api.From("steps") Step> steps) {
        TransactionRules rules = new TransactionRules(CHAIN, new ChainParameters(3, 7));
        StateLayer state = StateLayer.empty();
        for (Ed25519.KeyPair key : KEYS) {
            state.putAccount(Bytes32.of(key.publicKey()), new Account(START, 0));
        }
        long fees = 0;
        long height = 0;
        List<Long> nonces = new ArrayList<>(List.of(0L, 0L, 0L));
        for (Step step : steps) {
            height += step.heightStep();
            if (step.obligation()) {
                state.putLastObligation(Bytes32.of(KEYS.get(step.from()).publicKey()), height);
            }
            TxBody body = switch (step.kind()) {
                case 0 -> new Transfer(Bytes32.of(KEYS.get(step.to()).publicKey()), step.amount());
                case 1 -> new BuyTickets(StakeRole.MINER, step.amount());
                default -> new Unstake(StakeRole.MINER, step.amount());
            };
            long nonce = nonces.get(step.from());
            Transaction tx = Transaction.sign(KEYS.get(step.from()), CHAIN, nonce, step.fee(), new byte[0], body);
            TxOutcome outcome = rules.apply(state, tx, height);
            if (outcome.isApplied()) {
                fees += outcome.fee();
                nonces.set(step.from(), nonce + 1);
            }
            assertThat(total(state) + fees).as("after %s at height %d", step, height).isEqualTo(START * KEYS.size());
        }
    }

    @Provide
    Arbitrary<Step> steps() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 2), Arbitraries.longs().between(1, 600),
                Arbitraries.longs().between(0, 20), Arbitraries.longs().between(0, 6),
                Arbitraries.of(false, false, true)).as(Step::new);
    }

    private static long total(StateLayer state) {
        long total = 0;
        for (Ed25519.KeyPair key : KEYS) {
            Bytes32 id = Bytes32.of(key.publicKey());
            Stake stake = state.stake(id);
            total += state.account(id).balance() + stake.active() + stake.pending() + stake.unbonding();
        }
        return total;
    }

    private static Ed25519.KeyPair key(int seed) {
        byte[] secret = new byte[32];
        secret[0] = (byte) seed;
        return Ed25519.KeyPair.fromPrivateKey(secret);
    }
}
