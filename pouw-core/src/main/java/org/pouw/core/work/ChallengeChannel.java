package org.pouw.core.work;

/**
 * The verifier as a prover of a commit → challenge → open kind sees it: send the commitment, get back the
 * challenge the verifier drew after receiving it. A worker talks to a node over HTTP; the node's own pool calls
 * the market directly.
 */
@FunctionalInterface
public interface ChallengeChannel {
    /** For one-shot kinds, which never commit. */
    ChallengeChannel NONE = commitment -> {
        throw new WorkFailedException("this job's kind takes no commitment");
    };

    byte[] challenge(byte[] commitment);
}
