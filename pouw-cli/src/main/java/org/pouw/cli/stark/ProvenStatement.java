package org.pouw.cli.stark;

import org.pouw.stark.air.hashchain.HashChainStatement;
import org.pouw.stark.proof.ProofFormatException;
import org.pouw.stark.proof.SecurityEstimate;
import org.pouw.stark.proof.StarkProof;
import org.pouw.stark.proof.StarkProofCodec;

/**
 * Figures read from proof bytes the library made or the verifier accepted, for display only; the verdict itself
 * always comes from {@link org.pouw.stark.StarkVerifier}.
 */
final class ProvenStatement {
    private ProvenStatement() {
    }

    /** The hash-chain statement a proof just made by {@code HashChainStark.prove} carries. */
    static HashChainStatement of(byte[] proof) {
        return HashChainStatement.decode(decode(proof).publicInputs());
    }

    /** The conjectured security of a proof's options for its trace length. */
    static int securityBits(byte[] proof) {
        StarkProof decoded = decode(proof);
        return SecurityEstimate.conjecturedBits(decoded.options(), decoded.traceLength());
    }

    private static StarkProof decode(byte[] proof) {
        try {
            return StarkProofCodec.decode(proof);
        } catch (ProofFormatException e) {
            // Only called on bytes the prover made or the verifier accepted, so this is a bug, not bad input.
            throw new IllegalStateException("a proof that decoded before no longer does", e);
        }
    }
}
