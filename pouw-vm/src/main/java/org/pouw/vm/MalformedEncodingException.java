package org.pouw.vm;

/**
 * Bytes that are not the canonical encoding of a program ({@link ProgramCodec}), a state ({@link VmState}) or a
 * trace ({@link TraceCodec}).
 *
 * <p>The only exception the decoders throw for any input, so a node can map it to a 4xx answer without guessing. It
 * is an {@link IllegalArgumentException} because malformed bytes are the caller's fault, not a bug here.
 */
public final class MalformedEncodingException extends IllegalArgumentException {
    public MalformedEncodingException(String message) {
        super(message);
    }
}
