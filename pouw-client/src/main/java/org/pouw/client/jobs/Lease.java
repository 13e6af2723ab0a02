package org.pouw.client.jobs;

import java.util.Objects;

/** A lease the node granted on a job (§6): the fencing token every renew, commit, submit and fail must carry. */
public record Lease(String token, long expiresAtMs) {
    public Lease {
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        // The token is a bearer secret for this job; keep it out of logs.
        return "Lease[expiresAtMs=" + expiresAtMs + "]";
    }
}
