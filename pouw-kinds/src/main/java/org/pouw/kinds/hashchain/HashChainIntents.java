package org.pouw.kinds.hashchain;

import org.pouw.core.PouwException;
import org.pouw.core.id.Hash32;
import org.pouw.core.job.JobNeeds;
import org.pouw.core.market.PlannedJob;
import org.pouw.core.port.BlobStore;
import org.pouw.stark.HashChainStark;
import org.pouw.stark.air.hashchain.HashChain;
import org.pouw.stark.air.hashchain.HashChainStatement;

/**
 * Turns a hash-chain intent (seed text, number of hashes) into its statement and its one job. The node computes
 * the output itself (cheap: n hashes), so the job's worker proves a statement fixed in advance, and its trace hash
 * is the BLAKE3 of the statement's canonical encoding, stored as the job's blob.
 */
public final class HashChainIntents {
    private final BlobStore blobs;
    private final long maxSteps;

    public HashChainIntents(BlobStore blobs, long maxSteps) {
        this.blobs = blobs;
        this.maxSteps = Math.min(maxSteps, HashChainStatement.MAX_STEPS);
    }

    public record Planned(HashChainParams chain, PlannedJob job) {
    }

    public Planned plan(String seedText, long steps) {
        if (steps < 1 || steps > maxSteps) {
            throw PouwException.invalid("steps", "must be between 1 and " + maxSteps + ", got " + steps);
        }
        long[] seed = HashChainStark.seedFromText(seedText);
        HashChainParams chain = new HashChainParams(seed, steps, HashChain.run(seed, steps));
        byte[] encoded = chain.encode();
        String ref = blobs.put(encoded);
        Hash32 traceHash = Hash32.blake3(encoded);
        // its work units are its hashes, as its intent's (one job: the fee split is unchanged); its memory is what
        // the prover surely holds for its trace (issue 27, item 3), refused at posting over the node's cap
        return new Planned(chain, new PlannedJob(HashChainKind.NAME, traceHash, ref, chain.toJson(), steps,
                new JobNeeds(HashChainStark.proverMemoryMiB(steps, HashChainStark.OPTIONS_96), 0, "steps")));
    }
}
