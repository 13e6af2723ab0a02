package org.pouw.chain.net;

/** A peer's answer to a {@code get_blob} that does not prove the records asked for: the peer lied. */
public final class BlobProofException extends RuntimeException {
    public BlobProofException(String message) {
        super(message);
    }
}
