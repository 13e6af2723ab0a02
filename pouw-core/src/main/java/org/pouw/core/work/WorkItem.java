package org.pouw.core.work;

import org.pouw.core.job.Tier;

/**
 * What a kind needs to prove or verify one job: its identity, the kind's own params (JSON), its blobs and, for
 * kinds verified by commit → challenge → open, the exchange of the lease being verified ({@link Exchange#NONE}
 * otherwise, and always on the prover's side).
 */
public record WorkItem(String jobId, String kind, Tier tier, String traceHash, String traceRef, String params,
                       BlobSource blobs, Exchange exchange) {
    public WorkItem(String jobId, String kind, Tier tier, String traceHash, String traceRef, String params,
                    BlobSource blobs) {
        this(jobId, kind, tier, traceHash, traceRef, params, blobs, Exchange.NONE);
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
