package org.pouw.chain.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.Transfer;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

/**
 * A user of one node: every so often (an exponential wait, seeded) it signs a transfer to another wallet with its
 * next nonce and hands it to its node. The nonce moves on only when the node took the transaction, as a wallet that
 * reads its pending count would.
 */
public final class SimulatedWallet {
    private final Ed25519.KeyPair key;
    private final Bytes32 address;
    private final SimulatedNode home;
    private final Simulation simulation;
    private final SplittableRandom random;
    private final long meanIntervalMs;
    private final List<Bytes32> payees;
    private final List<Transaction> sent = new ArrayList<>();
    private long nonce;
    private boolean stopped;

    SimulatedWallet(Ed25519.KeyPair key, SimulatedNode home, Simulation simulation, long seed, long meanIntervalMs,
                    List<Bytes32> payees) {
        this.key = key;
        this.address = Bytes32.of(key.publicKey());
        this.home = home;
        this.simulation = simulation;
        this.random = new SplittableRandom(seed);
        this.meanIntervalMs = meanIntervalMs;
        this.payees = List.copyOf(payees);
    }

    public Bytes32 address() {
        return address;
    }

    public SimulatedNode home() {
        return home;
    }

    /** The transactions its node took, in nonce order. */
    public List<Transaction> sent() {
        return List.copyOf(sent);
    }

    void start() {
        schedule();
    }

    void stop() {
        stopped = true;
    }

    private void schedule() {
        long wait = Math.max(1, Math.round(-meanIntervalMs * StrictMath.log(1 - random.nextDouble())));
        simulation.after(wait, this::send);
    }

    private void send() {
        if (stopped) {
            return;
        }
        Bytes32 payee = payees.get(random.nextInt(payees.size()));
        long fee = 1 + random.nextInt(10);
        Transaction tx = Transaction.sign(key, home.importer().chainId(), nonce, fee, new byte[0],
                new Transfer(payee, 1 + random.nextInt(1_000)));
        if (home.submit(tx)) {
            sent.add(tx);
            nonce++;
        }
        schedule();
    }
}
