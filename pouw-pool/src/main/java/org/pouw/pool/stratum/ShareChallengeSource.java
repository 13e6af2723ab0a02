package org.pouw.pool.stratum;

import tools.jackson.databind.node.ObjectNode;

/**
 * Where a Stratum job's work comes from: a share challenge the node signed for the miner's did:key (docs/pool.md §2),
 * fetched by the pool for a connection's authorized miner. The pool checks it like any share's challenge before
 * handing it out.
 */
public interface ShareChallengeSource {
    /** A fresh share challenge for {@code did}; throws when the node gives none (the caller retries later). */
    ObjectNode issue(String did);
}
