package org.pouw.ml.model;

import java.nio.charset.StandardCharsets;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * A trained model as a self-describing file, for export and for {@code pouw ml evaluate}: {@code "PMLM"},
 * version 1, the architecture's canonical encoding, the parameter count (i64), then every parameter float
 * (network order, rows in order, big-endian IEEE bits, NaN canonical). Unlike a training state it carries no
 * optimiser slots, and it can be read without the task. A network with buffers (batch normalisation's running
 * averages) lists them after the parameters; the count then covers both.
 */
public final class ModelFile {
    private static final byte[] TAG = "PMLM\u0001".getBytes(StandardCharsets.ISO_8859_1);

    private ModelFile() {
    }

    /** An architecture and a network of that architecture's shape. */
    public record Model(Architecture architecture, Network network) {
    }

    public static byte[] encode(Architecture architecture, Network network) {
        long count = network.parameterCount() + network.bufferCount();
        long expected = architecture.parameterCount() + architecture.bufferCount();
        if (expected != count) {
            throw new IllegalArgumentException("network has " + count + " parameters and buffers, the architecture " + expected);
        }
        CanonicalWriter out = new CanonicalWriter((int) Math.min(Integer.MAX_VALUE - 64, 64 + 4 * count));
        out.raw(TAG);
        architecture.encodeTo(out);
        out.i64(count);
        for (Parameter p : stored(network)) {
            for (float[] row : p.value()) {
                for (float value : row) {
                    out.f32(value);
                }
            }
        }
        return out.toByteArray();
    }

    public static Model decode(byte[] bytes) {
        CanonicalReader in = new CanonicalReader(bytes);
        in.expectTag(TAG, "model file");
        Architecture architecture = Architecture.decode(in);
        long count = in.i64("parameter count");
        if (count != (long) in.remaining() / 4 || in.remaining() % 4 != 0) {
            throw new EncodingException("model file: " + count + " parameters declared, " + in.remaining() + " bytes follow");
        }
        long expected = architecture.parameterCount() + architecture.bufferCount();
        if (expected != count) {
            throw new EncodingException("model file: " + count + " parameters declared, the architecture has " + expected);
        }
        Network network = architecture.build();
        for (Parameter p : stored(network)) {
            for (float[] row : p.value()) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = in.f32("parameter");
                }
            }
        }
        in.requireEnd("model file");
        return new Model(architecture, network);
    }

    private static java.util.List<Parameter> stored(Network network) {
        java.util.List<Parameter> all = new java.util.ArrayList<>(network.parameters());
        all.addAll(network.buffers());
        return all;
    }
}
