package org.pouw.stark;

import org.pouw.stark.air.hashchain.HashChainStatement;
import org.pouw.stark.proof.ProofFormatException;
import org.pouw.stark.proof.SecurityEstimate;
import org.pouw.stark.proof.StarkProof;
import org.pouw.stark.proof.StarkProofCodec;
import org.pouw.stark.verifier.ProofVerifier;

/**
 * Verifies proof bytes from anyone: decodes them strictly, rebuilds the AIR the proof names from its public inputs,
 * and runs every check. The outcome is always a {@link StarkVerdict}; no input makes this throw.
 */
public final class StarkVerifier {
    private StarkVerifier() {
    }

    /** Verifies with the minimum of 96 conjectured bits. */
    public static StarkVerdict verify(byte[] proof) {
        return verify(proof, SecurityEstimate.MINIMUM_BITS);
    }

    /** Verifies, requiring at least {@code minimumBits} (never less than 96) of conjectured security. */
    public static StarkVerdict verify(byte[] proofBytes, int minimumBits) {
        try {
            StarkProof proof;
            try {
                proof = StarkProofCodec.decode(proofBytes);
            } catch (ProofFormatException e) {
                return StarkVerdict.undecodable(e);
            }
            KnownAirs.Resolved resolved;
            try {
                resolved = KnownAirs.resolve(proof.airId(), proof.publicInputs());
            } catch (HashChainStatement.UnsupportedStatementVersion e) {
                return StarkVerdict.invalid(StarkVerdict.Reason.UNSUPPORTED_VERSION, e.getMessage());
            } catch (IllegalArgumentException e) {
                return StarkVerdict.invalid(StarkVerdict.Reason.BAD_PUBLIC_INPUTS, e.getMessage());
            }
            if (resolved == null) {
                return StarkVerdict.invalid(StarkVerdict.Reason.UNKNOWN_AIR, "unknown AIR id " + proof.airId());
            }
            return ProofVerifier.verify(resolved.air(), proof, minimumBits, resolved.statement());
        } catch (RuntimeException e) {
            // Never expected (the fuzz tests look for it); refusing is the safe answer for a verifier.
            return StarkVerdict.invalid(StarkVerdict.Reason.INTERNAL_ERROR, e.toString());
        }
    }
}
