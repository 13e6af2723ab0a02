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
import org.pouw.chain.audit.AuditParameters;
import org.pouw.chain.block.BlockParameters;
import org.pouw.chain.difficulty.Asert;
import org.pouw.chain.difficulty.AsertAnchor;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.mining.LivenessRule;
import org.pouw.chain.mining.TicketRule;
import org.pouw.chain.state.Account;
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.state.TaskBlockRules;
import org.pouw.chain.task.GenesisDataset;
import org.pouw.chain.task.TaskParameters;
import org.pouw.crypto.Blake3;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalWriter;

/**
 * The genesis of a chain (docs/chain.md §7, §9): its time and target, its consensus constants, the accounts it funds
 * (with stake active from height 0), the task parameters and the datasets filler tasks train on — the chain's only
 * tasks until someone posts one with {@code pay_for_task}. The chain id is the genesis hash,
 * {@code BLAKE3("pouw-chain-genesis-v1" ‖ encode())}; every signed encoding names it.
 *
 * @param timestamp      the genesis time in seconds; block 1's parent time
 * @param bits           the compact target of block 1, which anchors ASERT
 * @param easiestBits    the easiest target ASERT may reach
 * @param spacing        T, seconds between blocks
 * @param halfLife       τ, ASERT's half-life in seconds
 * @param futureLimit    FTL, seconds a timestamp may run ahead of the validating node's clock
 * @param reorgAlarmDepth R, the reorg depth held for the operator
 * @param taskParameters the consensus constants of tasks (docs/chain.md §4, §6)
 * @param datasets       the datasets filler tasks are drawn over (docs/chain.md §4.3)
 * @param audit          the constants of audits, maturity and slashing (docs/chain.md §5); the block importer builds
 *                       the audit rules from them over its own block tree, which the audits' ancestry needs
 */
public record ChainGenesis(long timestamp, int bits, int easiestBits, long spacing, long halfLife, long futureLimit,
                           int reorgAlarmDepth, ChainParameters state, BlockParameters block, TicketRule tickets,
                           LivenessRule liveness, List<GenesisAccount> allocations, TaskParameters taskParameters,
                           List<GenesisDataset> datasets, AuditParameters audit) {
    private static final byte[] TAG = "PCGN\u0004".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] DOMAIN = "pouw-chain-genesis-v1".getBytes(StandardCharsets.US_ASCII);
    private static final Comparator<Bytes32> UNSIGNED = (a, b) -> Arrays.compareUnsigned(a.toArray(), b.toArray());

    public ChainGenesis {
        if (state == null || block == null || tickets == null || liveness == null || allocations == null
                || taskParameters == null || datasets == null || audit == null) {
            throw new IllegalArgumentException("every genesis field must be set");
        }
        if (CompactTarget.decode(bits).compareTo(CompactTarget.decode(easiestBits)) > 0) {
            throw new IllegalArgumentException("bits must not be easier than easiest_bits");
        }
        if (spacing < 1 || halfLife < 1 || futureLimit < 0 || reorgAlarmDepth < 1) {
            throw new IllegalArgumentException("spacing, half-life and alarm depth must be >= 1, the future limit >= 0");
        }
        allocations = sortedAllocations(allocations);
        datasets = sortedDatasets(datasets);
    }

    /** A genesis with the default audit constants ({@link AuditParameters#DEFAULTS}). */
    public ChainGenesis(long timestamp, int bits, int easiestBits, long spacing, long halfLife, long futureLimit,
                        int reorgAlarmDepth, ChainParameters state, BlockParameters block, TicketRule tickets,
                        LivenessRule liveness, List<GenesisAccount> allocations, TaskParameters taskParameters,
                        List<GenesisDataset> datasets) {
        this(timestamp, bits, easiestBits, spacing, halfLife, futureLimit, reorgAlarmDepth, state, block, tickets,
                liveness, allocations, taskParameters, datasets, AuditParameters.DEFAULTS);
    }

    /** The chain id: the hash of the genesis encoding. */
    public Bytes32 chainId() {
        return Bytes32.of(Blake3.hash(DOMAIN, encode()));
    }

    /**
     * {@code "PCGN" 0x04 ‖ timestamp i64 ‖ bits i32 ‖ easiest bits i32 ‖ spacing i64 ‖ half-life i64 ‖ future limit
     * i64 ‖ alarm depth i32 ‖ activation delay i64 ‖ unbonding delay i64 ‖ subsidy i64 ‖ minimum stake i64 ‖ max
     * transactions i32 ‖ multiply-adds per ticket i64 ‖ max tickets per step i32 ‖ θ_g f64 ‖ θ_p f64 ‖ ε f64 ‖
     * allocation count u32 ‖ (key[32] ‖ balance i64 ‖ stake i64)* ‖ task parameters ‖ dataset count u32 ‖ (root[32]
     * ‖ size i64 ‖ features i32 ‖ classes i32)* ‖ c i64 ‖ D i64 ‖ k_w i32 ‖ w i32 ‖ maturity i64 ‖ W_a i64 ‖
     * B_audit i32 ‖ late bounty i64 ‖ evidence bounty share i64}, where the task parameters are {@code price numerator i64 ‖
     * denominator i64 ‖ SGD rate min f64 ‖ max f64 ‖ Adam rate min f64 ‖ max f64 ‖ B_max i32 ‖ c_n i32 ‖ C_mac i64 ‖
     * C_words i64 ‖ C_math i64 ‖ W_min i64 ‖ L_max i64 ‖ M_task i32 ‖ E_a i64 ‖ Φ i64 ‖ weight count u32 ‖ weight i64*};
     * allocations by key and datasets by dataset id, both as unsigned bytes — so neither the order of a genesis file
     * nor its names, comments or spacing change the chain id.
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
        TaskParameters t = taskParameters;
        out.i64(t.ticketPriceNumerator()).i64(t.ticketPriceDenominator()).f64(t.sgdLearningRate().min())
                .f64(t.sgdLearningRate().max()).f64(t.adamLearningRate().min()).f64(t.adamLearningRate().max())
                .i32(t.maxBatch()).i32(t.recordsPerBatch()).i64(t.maxMultiplyAdds()).i64(t.maxStateWords())
                .i64(t.maxMathCalls()).i64(t.minWindow()).i64(t.maxLifetime()).i32(t.minersPerTask())
                .i64(t.epochLength()).i64(t.fillerDemandBlocks()).i32(t.rankWeights().size());
        for (long weight : t.rankWeights()) {
            out.i64(weight);
        }
        out.i32(datasets.size());
        for (GenesisDataset dataset : datasets) {
            out.bytes32(dataset.id().root()).i64(dataset.id().size()).i32(dataset.features()).i32(dataset.classes());
        }
        out.i64(audit.challengeDelay()).i64(audit.openingWindow()).i32(audit.windows()).i32(audit.width())
                .i64(audit.maturity()).i64(audit.tipWindow()).i32(audit.auditBytes()).i64(audit.lateBounty())
                .i64(audit.evidenceBountyShare());
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

    /**
     * The task hooks of this chain's blocks: assignment, budget, segment chains, filler tasks over its datasets, and
     * the deletion of each epoch's filler entries once its audits have all closed (maturity after the epoch).
     */
    public TaskBlockRules taskBlockRules() {
        return new TaskBlockRules(chainId(), state, taskParameters, block.minimumStake(), datasets, audit.maturity());
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

    private static List<GenesisDataset> sortedDatasets(List<GenesisDataset> datasets) {
        Set<Bytes32> ids = new HashSet<>();
        for (GenesisDataset dataset : datasets) {
            if (!ids.add(dataset.id().hash())) {
                throw new IllegalArgumentException("dataset " + dataset.id().hash().hex() + " is named twice");
            }
        }
        List<GenesisDataset> sorted = new ArrayList<>(datasets);
        sorted.sort(Comparator.comparing(dataset -> dataset.id().hash(), UNSIGNED));
        return List.copyOf(sorted);
    }
}
