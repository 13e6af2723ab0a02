package org.pouw.core.market;

import java.util.Objects;
import org.pouw.core.id.Did;
import org.pouw.core.job.ClaimRequest;

/** One prover's claim, as {@link JobMarket#claimTogether} serves it: who, from which address prefix, what. */
public record ClaimOrder(Did prover, String network, ClaimRequest request) {
    public ClaimOrder {
        Objects.requireNonNull(prover, "prover");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(request, "request");
    }
}
