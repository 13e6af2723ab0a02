package org.pouw.cli.mine;

import java.math.BigInteger;
import java.util.List;
import org.pouw.chain.block.BlockParameters;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.genesis.GenesisAccount;
import org.pouw.chain.mining.LivenessRule;
import org.pouw.chain.mining.TicketRule;
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.task.TaskParameters;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

/**
 * A chain fast enough for a test: epochs of 5 blocks, deadlines 2 blocks apart at the least, paid demand taking every
 * miner (Φ = 0), a target at which a block takes a few training steps of the digit task, two staked miners and a
 * funded poster. The audit constants are the defaults (c = 6, so openings are due within the tests' blocks; maturity
 * 360, so rewards stay immature and balances move only by fees and settlement).
 */
public final class FastChain {
    public static final long MINER_BALANCE = 1_000;
    public static final long MINER_STAKE = 100_000;
    public static final long POSTER_BALANCE = 10_000_000;
    public static final TaskParameters TASKS = new TaskParameters(1, 1, TaskParameters.DEFAULTS.sgdLearningRate(),
            TaskParameters.DEFAULTS.adamLearningRate(), 512, 10, 10_000_000, 400_000, 2, 10_000, 8, 5, 0,
            TaskParameters.DEFAULTS.rankWeights());

    private FastChain() {
    }

    /**
     * The genesis at {@code timestamp} with spacing {@code spacing} s, ASERT half-life {@code halfLife} s and the
     * target 2^{@code targetLog2} (the digit task's steps yield about 155 tickets each, so 2^246 wins about every
     * seventh step).
     */
    public static ChainGenesis genesis(long timestamp, long spacing, long halfLife, int targetLog2,
                                       Ed25519.KeyPair minerA, Ed25519.KeyPair minerB, Ed25519.KeyPair poster) {
        int bits = CompactTarget.encode(BigInteger.ONE.shiftLeft(targetLog2));
        return new ChainGenesis(timestamp, bits, CompactTarget.encode(BigInteger.ONE.shiftLeft(255)), spacing,
                halfLife, Math.max(1, Math.min(halfLife / 32, 4 * spacing)), 100, new ChainParameters(2, 20),
                new BlockParameters(1_000, 100, 100), new TicketRule(1_000, 10_000), LivenessRule.DEFAULT,
                List.of(new GenesisAccount(Bytes32.of(minerA.publicKey()), MINER_BALANCE, MINER_STAKE),
                        new GenesisAccount(Bytes32.of(minerB.publicKey()), MINER_BALANCE, MINER_STAKE),
                        new GenesisAccount(Bytes32.of(poster.publicKey()), POSTER_BALANCE, 0)),
                TASKS, List.of(DemoGenesis.dataset()));
    }

    /** The same chain with any number of staked miners (each with {@link #MINER_BALANCE} and {@link #MINER_STAKE}). */
    public static ChainGenesis genesis(long timestamp, long spacing, long halfLife, int targetLog2,
                                       List<Ed25519.KeyPair> miners, Ed25519.KeyPair poster) {
        ChainGenesis two = genesis(timestamp, spacing, halfLife, targetLog2, miners.get(0), miners.get(1), poster);
        List<GenesisAccount> accounts = new java.util.ArrayList<>();
        for (Ed25519.KeyPair miner : miners) {
            accounts.add(new GenesisAccount(Bytes32.of(miner.publicKey()), MINER_BALANCE, MINER_STAKE));
        }
        accounts.add(new GenesisAccount(Bytes32.of(poster.publicKey()), POSTER_BALANCE, 0));
        return new ChainGenesis(two.timestamp(), two.bits(), two.easiestBits(), two.spacing(), two.halfLife(),
                two.futureLimit(), two.reorgAlarmDepth(), two.state(), two.block(), two.tickets(), two.liveness(),
                accounts, two.taskParameters(), two.datasets(), two.audit());
    }

    public static Ed25519.KeyPair key(int seed) {
        byte[] secret = new byte[32];
        secret[0] = 0x42;
        secret[31] = (byte) seed;
        return Ed25519.KeyPair.fromPrivateKey(secret);
    }
}
