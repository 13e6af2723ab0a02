package org.pouw.chain.genesis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pouw.chain.audit.AuditParameters;
import org.pouw.chain.block.BlockParameters;
import org.pouw.chain.mining.LivenessRule;
import org.pouw.chain.mining.TicketRule;
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.task.DatasetId;
import org.pouw.chain.task.GenesisDataset;
import org.pouw.chain.task.TaskParameters;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.EncodingException;

/**
 * Reads the canonical genesis encoding of {@link ChainGenesis#encode()} back (docs/chain.md §9): what a miner or a
 * syncing client downloads from a node ({@code GET /v1/chain/genesis}) to validate the chain itself. Strict: every
 * field once, the tag and version checked, nothing after the last field, the same value checks as the record's
 * constructors; and the decoded genesis must encode to exactly the bytes read, so its chain id is theirs.
 */
public final class GenesisDecoding {
    private static final byte[] TAG = "PCGN\u0004".getBytes(StandardCharsets.ISO_8859_1);
    /** More allocations, datasets or weights than a genesis file could sensibly hold is an error, not a read. */
    private static final int MAX_ITEMS = 1 << 16;

    private GenesisDecoding() {
    }

    /**
     * @throws EncodingException naming the field when the bytes are not a genesis encoding
     */
    public static ChainGenesis decode(byte[] bytes) {
        CanonicalReader in = new CanonicalReader(bytes);
        in.expectTag(TAG, "genesis");
        ChainGenesis genesis;
        try {
            long timestamp = in.i64("timestamp");
            int bits = in.i32("bits");
            int easiestBits = in.i32("easiest bits");
            long spacing = in.i64("spacing");
            long halfLife = in.i64("half-life");
            long futureLimit = in.i64("future limit");
            int alarmDepth = in.i32("reorg alarm depth");
            ChainParameters state = new ChainParameters(in.i64("activation delay"), in.i64("unbonding delay"));
            BlockParameters block = new BlockParameters(in.i64("subsidy"), in.i64("minimum stake"),
                    in.i32("max transactions"));
            TicketRule tickets = new TicketRule(in.i64("multiply-adds per ticket"), in.i32("max tickets per step"));
            LivenessRule liveness = new LivenessRule(in.f64("min gradient nonzero"),
                    in.f64("min parameters changed"), in.f64("max subnormal"));
            int accounts = in.count("allocations", MAX_ITEMS, 48);
            List<GenesisAccount> allocations = new ArrayList<>(accounts);
            for (int i = 0; i < accounts; i++) {
                allocations.add(new GenesisAccount(in.bytes32("allocation key"), in.i64("allocation balance"),
                        in.i64("allocation stake")));
            }
            long priceNumerator = in.i64("ticket price numerator");
            long priceDenominator = in.i64("ticket price denominator");
            TaskParameters.Range sgd = new TaskParameters.Range(in.f64("sgd rate min"), in.f64("sgd rate max"));
            TaskParameters.Range adam = new TaskParameters.Range(in.f64("adam rate min"), in.f64("adam rate max"));
            int maxBatch = in.i32("max batch");
            int recordsPerBatch = in.i32("records per batch");
            long maxMultiplyAdds = in.i64("max multiply-adds");
            long maxStateWords = in.i64("max state words");
            long maxMathCalls = in.i64("max math calls");
            long minWindow = in.i64("min window");
            long maxLifetime = in.i64("max lifetime");
            int minersPerTask = in.i32("miners per task");
            long epochLength = in.i64("epoch length");
            long fillerDemand = in.i64("filler demand blocks");
            int weightCount = in.count("rank weights", MAX_ITEMS, 8);
            List<Long> weights = new ArrayList<>(weightCount);
            for (int i = 0; i < weightCount; i++) {
                weights.add(in.i64("rank weight"));
            }
            TaskParameters tasks = new TaskParameters(priceNumerator, priceDenominator, sgd, adam, maxBatch,
                    recordsPerBatch, maxMultiplyAdds, maxStateWords, maxMathCalls, minWindow, maxLifetime, minersPerTask,
                    epochLength, fillerDemand, weights);
            int datasetCount = in.count("datasets", MAX_ITEMS, 48);
            List<GenesisDataset> datasets = new ArrayList<>(datasetCount);
            for (int i = 0; i < datasetCount; i++) {
                datasets.add(new GenesisDataset(new DatasetId(in.bytes32("dataset root"), in.i64("dataset size")),
                        in.i32("dataset features"), in.i32("dataset classes")));
            }
            AuditParameters audit = new AuditParameters(in.i64("challenge delay"), in.i64("opening window"),
                    in.i32("audit windows"), in.i32("audit window width"), in.i64("maturity"), in.i64("tip window"),
                    in.i32("audit bytes"), in.i64("late bounty"), in.i64("evidence bounty share"));
            in.requireEnd("genesis");
            genesis = new ChainGenesis(timestamp, bits, easiestBits, spacing, halfLife, futureLimit, alarmDepth, state,
                    block, tickets, liveness, allocations, tasks, datasets, audit);
        } catch (IllegalArgumentException | ArithmeticException e) {
            // a value the records refuse (a negative delay, an empty range, a target easier than the easiest)
            throw new EncodingException("genesis: " + e.getMessage());
        }
        if (!Arrays.equals(genesis.encode(), bytes)) {
            // allocations or datasets out of canonical order, or a duplicate: another encoding of some genesis
            throw new EncodingException("genesis: not in canonical form (allocations by key, datasets by id)");
        }
        return genesis;
    }
}
