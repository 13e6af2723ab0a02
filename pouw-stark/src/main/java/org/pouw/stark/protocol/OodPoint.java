package org.pouw.stark.protocol;

import org.pouw.crypto.Goldilocks;
import org.pouw.stark.fiatshamir.Transcript;
import org.pouw.stark.field.Ext;
import org.pouw.stark.field.ExtensionField;

/**
 * Draws the out-of-domain point z. It must lie outside the trace domain (where the constraint quotients are
 * undefined) and outside the evaluation domain (where the DEEP quotients would divide by zero and the prover could
 * answer from its own commitments). Every point outside the base field is outside both, as both domains live in
 * the base field; a point that falls in the base field, or in either domain, is rejected and redrawn from the
 * transcript, so the rule is deterministic for prover and verifier.
 */
public final class OodPoint {
    private OodPoint() {
    }

    public static Ext draw(Transcript transcript, ExtensionField field, int traceLength, int domainSize) {
        while (true) {
            Ext z = transcript.drawExt(field);
            if (!z.isBase() && !inTraceDomain(z, traceLength) && !inEvaluationDomain(z, domainSize)) {
                return z;
            }
        }
    }

    static boolean inTraceDomain(Ext z, int traceLength) {
        return z.pow(traceLength).equals(z.field().one());
    }

    /** z ∈ g·⟨ω_N⟩ exactly when (z/g)^N = 1. */
    static boolean inEvaluationDomain(Ext z, int domainSize) {
        return z.mul(Goldilocks.inverse(Domains.OFFSET)).pow(domainSize).equals(z.field().one());
    }
}
