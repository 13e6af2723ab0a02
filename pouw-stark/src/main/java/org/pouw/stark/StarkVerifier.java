package org.pouw.stark;

import org.pouw.stark.proof.ProofCodec;
import org.pouw.stark.proof.ProofFormatException;
import org.pouw.stark.proof.SecurityEstimate;
import org.pouw.stark.proof.StarkProof;
import org.pouw.stark.verifier.ProofVerifier;

/**
 * Verifies proof bytes from anyone: decodes them strictly, rebuilds the AIR the proof names from its public inputs,
 * and runs every check. The outcome is always a {@link Verdict}; no input makes this throw.
 */
public final class StarkVerifier {
    private StarkVerifier() {
    }

    /** Verifies with the minimum of 96 conjectured bits. */
    public static Verdict verify(byte[] proof) {
        return verify(proof, SecurityEstimate.MINIMUM_BITS);
    }

    /** Verifies, requiring at least {@code minimumBits} (never less than 96) of conjectured security. */
    public static Verdict verify(byte[] proofBytes, int minimumBits) {
        try {
            StarkProof proof;
            try {
                proof = ProofCodec.decode(proofBytes);
            } catch (ProofFormatException e) {
                return Verdict.invalid(e.unsupportedVersion() ? Verdict.Reason.UNSUPPORTED_VERSION
                        : Verdict.Reason.MALFORMED, e.getMessage());
            }
            KnownAirs.Resolved resolved;
            try {
                resolved = KnownAirs.resolve(proof.airId(), proof.publicInputs());
            } catch (IllegalArgumentException e) {
                return Verdict.invalid(Verdict.Reason.BAD_PUBLIC_INPUTS, e.getMessage());
            }
            if (resolved == null) {
                return Verdict.invalid(Verdict.Reason.UNKNOWN_AIR, "unknown AIR id " + proof.airId());
            }
            return ProofVerifier.verify(resolved.air(), proof, minimumBits, resolved.statement());
        } catch (RuntimeException e) {
            // Never expected (the fuzz tests look for it); refusing is the safe answer for a verifier.
            return Verdict.invalid(Verdict.Reason.INTERNAL_ERROR, e.toString());
        }
    }
}
