package org.pouw.stark.proof;

/**
 * The bytes are not a well-formed proof: the only exception {@link StarkProofCodec#decode} throws. It is checked, so a
 * caller handling untrusted bytes cannot forget it; the verifier turns it into a MALFORMED or UNSUPPORTED_VERSION
 * verdict.
 */
public final class ProofFormatException extends Exception {
    private final boolean unsupportedVersion;

    ProofFormatException(String message) {
        this(message, false);
    }

    ProofFormatException(String message, boolean unsupportedVersion) {
        super(message, null, false, false);
        this.unsupportedVersion = unsupportedVersion;
    }

    /** True when the bytes carry the magic but a format version this code does not read. */
    public boolean unsupportedVersion() {
        return unsupportedVersion;
    }
}
