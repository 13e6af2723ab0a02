package org.pouw.client.jobs;

import java.util.Objects;

/** One proof of a batch: the job, the lease token that holds it, the proof bytes. */
public record BatchSubmission(String jobId, String leaseToken, byte[] proof) {
    public BatchSubmission {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(leaseToken, "leaseToken");
        Objects.requireNonNull(proof, "proof");
    }
}
