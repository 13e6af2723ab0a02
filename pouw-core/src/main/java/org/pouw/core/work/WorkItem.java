package org.pouw.core.work;

import java.util.Objects;
import java.util.Optional;
import org.pouw.core.id.Did;
import org.pouw.core.job.Tier;

/**
 * What a kind needs to prove or verify one job: its identity, the kind's own params (JSON), its blobs, the prover
 * the work is for and, for kinds verified by commit → challenge → open, the exchange of the lease being verified
 * ({@link Exchange#NONE} otherwise, and always on the prover's side).
 *
 * <p>{@code prover} is the DID holding the job's lease: on the node's side taken from the job's record, never from
 * the submission; on the worker's side its own DID. Kinds whose proofs are bound to their prover (hash-chain, see
 * docs/stark.md) refuse to prove or accept a proof without it.
 */
public record WorkItem(String jobId, String kind, Tier tier, String traceHash, String traceRef, String params,
                       BlobSource blobs, Exchange exchange, Optional<Did> prover) {
    public WorkItem {
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(prover, "prover");
    }

    public WorkItem(String jobId, String kind, Tier tier, String traceHash, String traceRef, String params,
                    BlobSource blobs, Exchange exchange) {
        this(jobId, kind, tier, traceHash, traceRef, params, blobs, exchange, Optional.empty());
    }

    public WorkItem(String jobId, String kind, Tier tier, String traceHash, String traceRef, String params,
                    BlobSource blobs) {
        this(jobId, kind, tier, traceHash, traceRef, params, blobs, Exchange.NONE);
    }

    /** This item for work done, or checked, on behalf of {@code prover}. */
    public WorkItem forProver(Did prover) {
        return new WorkItem(jobId, kind, tier, traceHash, traceRef, params, blobs, exchange, Optional.of(prover));
    }

    /**
     * The worker's commitment and the challenge the node drew for it after the commitment arrived. The verifier
     * gets the challenge the node stored, never one the worker sends back.
     */
    public record Exchange(byte[] commitment, byte[] challenge) {
        public static final Exchange NONE = new Exchange(new byte[0], new byte[0]);

        public boolean isEmpty() {
            return commitment.length == 0;
        }
    }
}
