package org.pouw.core.job;

import java.util.Objects;

/** One claimer's admitted request inside a group of claims served together ({@code JobStore.claimEach}). */
public record HolderClaim(String holder, ClaimRequest request) {
    public HolderClaim {
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(request, "request");
    }
}
