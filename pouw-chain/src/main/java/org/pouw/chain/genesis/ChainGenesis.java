package org.pouw.chain.genesis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pouw.chain.block.BlockParameters;
import org.pouw.chain.difficulty.Asert;
import org.pouw.chain.difficulty.AsertAnchor;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.mining.LivenessRule;
import org.pouw.chain.mining.TicketRule;
import org.pouw.chain.state.Account;
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.task.MinableTask;
import org.pouw.crypto.Blake3;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalWriter;

/**
 * The genesis of a chain (docs/chain.md §7, §9): its time and target, its consensus constants, the accounts it funds
 * (with stake active from height 0) and the tasks minable from the first block. The chain id is the genesis hash,
 * {@code BLAKE3("pouw-chain-genesis-v1" ‖ encode())}; every signed encoding names it.
 *
 * @param timestamp      the genesis time in seconds; block 1's parent time
 * @param bits           the compact target of block 1, which anchors ASERT
 * @param easiestBits    the easiest target ASERT may reach
 * @param spacing        T, seconds between blocks
 * @param halfLife       τ, ASERT's half-life in seconds
 * @param futureLimit    FTL, seconds a timestamp may run ahead of the validating node's clock
 * @param reorgAlarmDepth R, the reorg depth held for the operator
 */
public record ChainGenesis(long timestamp, int bits, int easiestBits, long spacing, long halfLife, long futureLimit,
                           int reorgAlarmDepth, ChainParameters state, BlockParameters block, TicketRule tickets,
                           LivenessRule liveness, List<GenesisAccount> allocations, List<MinableTask> tasks) {
    private static final byte[] TAG = "PCGN\u0001".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] DOMAIN = "pouw-chain-genesis-v1".getBytes(StandardCharsets.US_ASCII);
    private static final Comparator<Bytes32> UNSIGNED = (a, b) -> Arrays.compareUnsigned(a.toArray(), b.toArray());

    public ChainGenesis {
        if (state == null || block == null || tickets == null || liveness == null || allocations == null
                || tasks == null) {
            throw new IllegalArgumentException("every genesis field must be set");
        }
        if (CompactTarget.decode(bits).compareTo(CompactTarget.decode(easiestBits)) > 0) {
            throw new IllegalArgumentException("bits must not be easier than easiest_bits");
        }
        if (spacing < 1 || halfLife < 1 || futureLimit < 0 || reorgAlarmDepth < 1) {
            throw new IllegalArgumentException("spacing, half-life and alarm depth must be >= 1, the future limit >= 0");
        }
        allocations = sortedAllocations(allocations);
        tasks = sortedTasks(tasks);
    }

    /** The chain id: the hash of the genesis encoding. */
    public Bytes32 chainId() {
        return Bytes32.of(Blake3.hash(DOMAIN, encode()));
    }

    /**
     * {@code "PCGN" 0x01 ‖ timestamp i64 ‖ bits i32 ‖ easiest bits i32 ‖ spacing i64 ‖ half-life i64 ‖ future limit
     * i64 ‖ alarm depth i32 ‖ activation delay i64 ‖ unbonding delay i64 ‖ subsidy i64 ‖ minimum stake i64 ‖ max
     * transactions i32 ‖ multiply-adds per ticket i64 ‖ max tickets per step i32 ‖ θ_g f64 ‖ θ_p f64 ‖ ε f64 ‖
     * allocation count u32 ‖ (key[32] ‖ balance i64 ‖ stake i64)* ‖ task count u32 ‖ (dataset size i32 ‖ task
     * (u32 length ‖ pouw-ml TrainingTask encoding))*}, allocations by key and tasks by task id, both as unsigned
     * bytes — so neither the order of a genesis file nor its names, comments or spacing change the chain id.
     */
    public byte[] encode() {
        CanonicalWriter out = new CanonicalWriter(512).raw(TAG).i64(timestamp).i32(bits).i32(easiestBits).i64(spacing)
                .i64(halfLife).i64(futureLimit).i32(reorgAlarmDepth).i64(state.activationDelay())
                .i64(state.unbondingDelay()).i64(block.subsidy()).i64(block.minimumStake())
                .i32(block.maxTransactions()).i64(tickets.multiplyAddsPerTicket()).i32(tickets.maxTicketsPerStep())
                .f64(liveness.minGradientNonZero()).f64(liveness.minParametersChanged()).f64(liveness.maxSubnormal())
                .i32(allocations.size());
        for (GenesisAccount allocation : allocations) {
            out.bytes32(allocation.key()).i64(allocation.balance()).i64(allocation.stake());
        }
        out.i32(tasks.size());
        for (MinableTask task : tasks) {
            out.i32(task.datasetSize()).bytes(task.task().encode());
        }
        return out.toByteArray();
    }

    /** The state before block 1: the allocations' balances, and their stake active from height 0. */
    public StateLayer initialState() {
        Map<Bytes32, Account> accounts = new HashMap<>();
        Map<Bytes32, Long> stakes = new HashMap<>();
        for (GenesisAccount allocation : allocations) {
            accounts.put(allocation.key(), new Account(allocation.balance(), 0));
            stakes.put(allocation.key(), allocation.stake());
        }
        return StateLayer.genesis(accounts, stakes);
    }

    public Asert asert() {
        return Asert.forSpacing(spacing, halfLife, easiestBits);
    }

    /** ASERT's anchor: the genesis block at height 0, whose "parent" is one spacing before it. */
    public AsertAnchor anchor() {
        return new AsertAnchor(0, Math.subtractExact(timestamp, spacing), bits);
    }

    private static List<GenesisAccount> sortedAllocations(List<GenesisAccount> allocations) {
        Set<Bytes32> keys = new HashSet<>();
        for (GenesisAccount allocation : allocations) {
            if (!keys.add(allocation.key())) {
                throw new IllegalArgumentException("account " + allocation.key().hex() + " is allocated twice");
            }
        }
        List<GenesisAccount> sorted = new ArrayList<>(allocations);
        sorted.sort(Comparator.comparing(GenesisAccount::key, UNSIGNED));
        return List.copyOf(sorted);
    }

    private static List<MinableTask> sortedTasks(List<MinableTask> tasks) {
        Set<Bytes32> ids = new HashSet<>();
        for (MinableTask task : tasks) {
            if (!ids.add(task.id())) {
                throw new IllegalArgumentException("task " + task.id().hex() + " is named twice");
            }
        }
        List<MinableTask> sorted = new ArrayList<>(tasks);
        sorted.sort(Comparator.comparing(MinableTask::id, UNSIGNED));
        return List.copyOf(sorted);
    }
}
