package org.pouw.ml.wire;

import org.pouw.ml.MlException;

/** Bytes that are not the canonical encoding of the expected record; the message says which field and why. */
public final class EncodingException extends MlException {
    public EncodingException(String message) {
        super(message);
    }
}
