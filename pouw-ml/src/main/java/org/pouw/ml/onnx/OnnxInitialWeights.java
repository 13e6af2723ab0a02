package org.pouw.ml.onnx;

import java.util.List;
import org.pouw.ml.model.Architecture;
import org.pouw.ml.model.Network;
import org.pouw.ml.model.Parameter;
import org.pouw.ml.model.StackArchitecture;
import org.pouw.ml.model.StackText;
import org.pouw.ml.train.OptimizerSpec;
import org.pouw.ml.train.TrainingState;

/**
 * The weights of a client's ONNX model as the starting point of a training task ({@code pouw ml task submit --init
 * M.onnx}, docs/ml.md "Starting from a model"). The model must be exactly the task's architecture: the importer
 * ({@link OnnxImport}) lifts the graph, then every tensor — parameters in network order, then buffers (batch
 * normalisation's running averages) — must have the task's tensor's name, shape and type (float32), and the layers
 * must be the task's, as the importer reads the task's own export. The first difference is refused naming the tensor
 * (its index, the engine's name, and the ONNX node it was read from) or the layers; nothing is guessed or padded.
 *
 * <p>Only {@link OnnxImportException} leaves {@link #load}.
 */
public final class OnnxInitialWeights {
    private OnnxInitialWeights() {
    }

    /** The step-0 training state of {@code architecture} with the ONNX model's weights and zero optimiser slots. */
    public static TrainingState load(Architecture architecture, OptimizerSpec optimizer, byte[] onnx) {
        OnnxImport.Lifted lifted = OnnxImport.readLifted(onnx);
        Network expected = architecture.build();
        Network given = lifted.model().network();
        compare("parameter", expected.parameters(), given.parameters(), lifted.parameterSources());
        compare("buffer", expected.buffers(), given.buffers(), lifted.bufferSources());
        String wanted = asImported(architecture, expected);
        String found = StackText.format((StackArchitecture) lifted.model().architecture());
        if (!wanted.equals(found)) {
            throw new OnnxImportException("the ONNX model's layers are " + found + ", the task's architecture is "
                    + wanted + " (as the importer reads its export): the tensors fit, the layers between them do not");
        }
        for (int i = 0; i < expected.parameters().size(); i++) {
            copy(given.parameters().get(i), expected.parameters().get(i));
        }
        for (int i = 0; i < expected.buffers().size(); i++) {
            copy(given.buffers().get(i), expected.buffers().get(i));
        }
        return TrainingState.startingWith(expected, optimizer);
    }

    /**
     * Tensor by tensor in network order: the same count, and each with the task's name and shape. Every value the
     * importer lifts is float32 (it refuses any other element type naming the node), so the type matches by then.
     */
    private static void compare(String kind, List<Parameter> expected, List<Parameter> given, List<String> sources) {
        int n = Math.max(expected.size(), given.size());
        for (int i = 0; i < n; i++) {
            if (i >= given.size()) {
                Parameter want = expected.get(i);
                throw new OnnxImportException(kind + " #" + i + " '" + want.name() + "' (" + shape(want)
                        + " float32) of the task's architecture is missing: the ONNX model has " + given.size() + " "
                        + kind + "s, the task " + expected.size());
            }
            Parameter got = given.get(i);
            if (i >= expected.size()) {
                throw new OnnxImportException(kind + " #" + i + " '" + got.name() + "' (" + shape(got)
                        + ", read by " + sources.get(i) + ") is not in the task's architecture, which has "
                        + expected.size() + " " + kind + "s");
            }
            Parameter want = expected.get(i);
            if (!want.name().equals(got.name()) || want.rows() != got.rows() || want.columns() != got.columns()) {
                throw new OnnxImportException(kind + " #" + i + ": the ONNX model has '" + got.name() + "' "
                        + shape(got) + " float32 (read by " + sources.get(i) + "), the task's architecture '"
                        + want.name() + "' " + shape(want) + " float32");
            }
        }
    }

    private static String asImported(Architecture architecture, Network network) {
        return StackText.format((StackArchitecture) OnnxImport.read(OnnxExport.export(architecture, network)).architecture());
    }

    private static void copy(Parameter from, Parameter to) {
        for (int r = 0; r < to.rows(); r++) {
            System.arraycopy(from.value()[r], 0, to.value()[r], 0, to.columns());
        }
    }

    private static String shape(Parameter p) {
        return p.rows() + "×" + p.columns();
    }
}
