package org.pouw.ml.model;

import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/** What a task trains: the network shape, validated on construction and encoded canonically inside the task. */
public sealed interface Architecture permits MlpArchitecture, CnnArchitecture, StackArchitecture {
    /** Caps that keep a hostile task from asking a node to allocate without bound. */
    long MAX_PARAMETERS = 1L << 26;
    int MAX_WIDTH = 1 << 16;

    int inputSize();

    int classes();

    /** The number of trainable parameters, known without building the network. */
    long parameterCount();

    /**
     * The multiply-adds of one record's forward pass, the unit a training step's cost is counted in (issue 27, item
     * 1): a dense network's weights, each used once a record; shapes that reuse weights say more.
     */
    default long multiplyAddsPerRecord() {
        return parameterCount();
    }

    /** The number of buffer floats (running averages, see {@link Layer#buffers()}); none for MLPs and the CNN. */
    default long bufferCount() {
        return 0;
    }

    /** A fresh network of this shape, parameters zero until {@link Network#initialise}. */
    Network build();

    void encodeTo(CanonicalWriter out);

    static Architecture decode(CanonicalReader in) {
        int tag = in.u8("architecture kind");
        try {
            return switch (tag) {
                case MlpArchitecture.TAG -> MlpArchitecture.decodeBody(in);
                case CnnArchitecture.TAG -> CnnArchitecture.decodeBody(in);
                case StackArchitecture.TAG -> StackArchitecture.decodeBody(in);
                default -> throw new EncodingException("architecture kind: unknown tag " + tag);
            };
        } catch (InvalidSpecException e) {
            // A well-formed encoding of an invalid architecture is still input we reject.
            throw new EncodingException("architecture: " + e.getMessage());
        }
    }

    static Activation decodeActivation(CanonicalReader in) {
        int ordinal = in.u8("activation");
        Activation[] all = Activation.values();
        if (ordinal >= all.length) {
            throw new EncodingException("activation: unknown ordinal " + ordinal);
        }
        return all[ordinal];
    }
}
