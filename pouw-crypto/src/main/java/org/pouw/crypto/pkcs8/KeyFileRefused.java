package org.pouw.crypto.pkcs8;

/**
 * A key file that cannot be read as an Ed25519 key. {@link #reason()} says why in a word a script can test;
 * the message says it for a person.
 */
public final class KeyFileRefused extends IllegalArgumentException {
    /** Why a file was refused. */
    public enum Reason {
        /** Not PEM, not DER, cut short, or a structure this reader does not know. */
        MALFORMED,
        /** Decryption failed or gave bytes that are not a consistent key: a wrong password or an altered file. */
        WRONG_PASSWORD_OR_ALTERED,
        /** A well-formed key of another algorithm (RSA, EC, Ed448, ...). */
        NOT_ED25519,
        /** A key-derivation or cipher choice outside what this reader accepts. */
        UNSUPPORTED
    }

    private final Reason reason;

    public KeyFileRefused(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
