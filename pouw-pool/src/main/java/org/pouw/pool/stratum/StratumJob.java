package org.pouw.pool.stratum;

import org.pouw.pool.share.ShareChallenge;
import tools.jackson.databind.node.ObjectNode;

/**
 * One {@code mining.notify} sent on a connection: its random id, the node's challenge it is built on, the difficulty in
 * force when it was sent (what a share on it is judged at), its ntime and version, and until when it is taken — the
 * challenge's expiry, or a grace after a {@code clean_jobs} notify replaced it.
 */
record StratumJob(String id, ObjectNode challengeNode, ShareChallenge challenge, long difficulty, int ntime,
        int version, long takenUntilMs) {
    StratumJob replacedAt(long nowMs, long graceMs) {
        return new StratumJob(id, challengeNode, challenge, difficulty, ntime, version,
                Math.min(takenUntilMs, nowMs + graceMs));
    }
}
