package org.pouw.chain.mempool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.state.TestStates;
import org.pouw.chain.state.TransactionRules;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.Transfer;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

/**
 * The mempool that keeps each sender's run state ({@link Mempool}) admits, refuses, replaces and evicts exactly as the
 * one that replays the whole run on every addition ({@link FullRunReplayMempool}, the code before), and so selects
 * the same blocks: random sequences of transfers from four senders (appends, replacements, gaps, used nonces, runs
 * that overspend, a full pool), tips that change (with a retarget) and additions against another tip state than the
 * last (no retarget), compared step by step.
 */
class MempoolAppendProperties {
    private static final Bytes32 CHAIN = Bytes32.fromHex("c0".repeat(32));
    private static final Bytes32 DAVE = Bytes32.fromHex("0d".repeat(32));
    private static final List<Ed25519.KeyPair> SENDERS = List.of(key(1), key(2), key(3), key(4));
    private static final TransactionRules RULES = new TransactionRules(CHAIN, ChainParameters.DEFAULTS);

    private static Ed25519.KeyPair key(int seed) {
        byte[] secret = new byte[32];
        secret[5] = (byte) seed;
        return Ed25519.KeyPair.fromPrivateKey(secret);
    }

    @Property(tries = 200)
    void keptRunStatesChangeNoAdmissionAndNoSelection(
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> steps,
            @ForAll @IntRange(min = 1, max = 8) int capacity) {
        StateLayer first = TestStates.funded(100, SENDERS.toArray(Ed25519.KeyPair[]::new));
        // the same accounts in another layer: an addition against it must not use a run state kept for the first
        StateLayer[] tips = {first, first.child()};
        int tip = 0;
        Mempool kept = new Mempool(RULES, capacity, 3);
        FullRunReplayMempool replayed = new FullRunReplayMempool(RULES, capacity, 3);
        for (int step : steps) {
            int kind = step % 20;
            if (kind == 0) {
                tip = 1 - tip;      // the tip moved: both pools retarget onto it
                kept.retarget(tips[tip], tip + 1, List.of());
                replayed.retarget(tips[tip], tip + 1, List.of());
                continue;
            }
            int at = kind == 1 ? 1 - tip : tip;     // now and then an addition against the other tip state
            Ed25519.KeyPair sender = SENDERS.get((step / 20) % SENDERS.size());
            long nonce = (step / 80) % 5;
            long fee = (step / 400) % 12;
            long amount = 1 + (step / 4_800) % 45;
            Transaction tx = Transaction.sign(sender, CHAIN, nonce, fee, new byte[0], new Transfer(DAVE, amount));

            MempoolAdmission expected = replayed.add(tx, tips[at], at + 1);
            assertThat(kept.add(tx, tips[at], at + 1)).as("adding %s", tx).isEqualTo(expected);
            assertThat(kept.pending()).isEqualTo(replayed.pending());
            assertThat(kept.size()).isEqualTo(replayed.size());
            assertThat(kept.bytes()).isEqualTo(replayed.bytes());
        }
        for (int h = 0; h < tips.length; h++) {
            assertThat(kept.select(100, tips[h], h + 1)).isEqualTo(replayed.select(100, tips[h], h + 1));
        }
    }
}
