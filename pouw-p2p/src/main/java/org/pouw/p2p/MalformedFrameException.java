package org.pouw.p2p;

/** Bytes from a peer that are not a frame of this protocol, or a frame whose fields break its limits. */
final class MalformedFrameException extends RuntimeException {
    MalformedFrameException(String message) {
        super(message);
    }
}
