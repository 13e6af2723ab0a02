package org.pouw.ml.onnx;

import org.pouw.ml.MlException;

/**
 * An ONNX model the engine will not import: bytes that are not a well-formed model, an operator or node the engine
 * has no layer for, or a model beyond the task's size bound. The message names the field, or the node and its
 * operator.
 */
public final class OnnxImportException extends MlException {
    public OnnxImportException(String message) {
        super(message);
    }
}
