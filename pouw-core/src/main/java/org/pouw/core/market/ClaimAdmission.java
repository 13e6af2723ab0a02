package org.pouw.core.market;

import org.pouw.core.PouwException;
import org.pouw.core.job.ClaimRequest;

/** One order's admission in a claim group: the request as it may be served, or its refusal. */
record ClaimAdmission(ClaimRequest request, PouwException refusal) {
    static ClaimAdmission admitted(ClaimRequest request) {
        return new ClaimAdmission(request, null);
    }

    static ClaimAdmission refused(PouwException why) {
        return new ClaimAdmission(null, why);
    }
}
