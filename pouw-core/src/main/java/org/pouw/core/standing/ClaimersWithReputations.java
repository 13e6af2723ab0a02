package org.pouw.core.standing;

import java.util.Map;
import org.pouw.core.job.ReputationRecord;

/**
 * What a claim group with levels on needs of its claimers, read together (issue 27: levels on must cost the claim
 * no round trip a claimer): their standing facts with their held leases counted, and their reputation rows.
 *
 * @param facts       the claimers' standing facts, {@link ClaimantFacts#held} counted for every one of them
 * @param reputations by prover id; a prover without a row is absent unless the rows were made (when locked)
 */
public record ClaimersWithReputations(ClaimantFacts facts, Map<String, ReputationRecord> reputations) {
    public ClaimersWithReputations {
        reputations = Map.copyOf(reputations);
    }
}
