package org.pouw.gate.useful;

import java.util.Optional;

/**
 * The port over the market's job store that says who may ask for a job's {@code useful} challenge: the DID holding
 * the job's current lease. Without it anyone could take a job's one challenge first (job ids are public to
 * workers) and so deny every prover a token for its work; with it only the worker doing the job can. The node binds
 * it to the job store's lease holder; each adapter must pass {@code JobLeaseHoldersContract}.
 */
public interface JobLeaseHolders {
    /** The did:key holding {@code jobId}'s live lease, if the job is leased now. */
    Optional<String> holderOf(String jobId);
}
