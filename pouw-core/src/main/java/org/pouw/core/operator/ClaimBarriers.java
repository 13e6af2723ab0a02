package org.pouw.core.operator;

import java.util.List;
import java.util.Optional;

/**
 * What the operator set that stops a claim group's claimers, read together: the node-wide pause, if any, and the
 * bans among the claimers (issue 26: one statement for both, where the claim path paid two).
 *
 * @param pause the claiming pause; empty when claiming runs
 * @param bans  the banned provers among the claimers
 */
public record ClaimBarriers(Optional<ClaimingPause> pause, List<ProverBan> bans) {
    public ClaimBarriers {
        bans = List.copyOf(bans);
    }
}
