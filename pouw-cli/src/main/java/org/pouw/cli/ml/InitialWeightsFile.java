package org.pouw.cli.ml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.pouw.crypto.Blake3;
import org.pouw.ml.onnx.OnnxImportException;
import org.pouw.ml.onnx.OnnxInitialWeights;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.wire.Bytes32;

/**
 * {@code --init M.onnx}: the ONNX model's weights as the encoded start state of a task, refused as a bad
 * {@code --init} (naming the tensor or the layers that differ) when the model is not exactly the task's architecture.
 */
final class InitialWeightsFile {
    private InitialWeightsFile() {
    }

    /** The start state (PMLS encoding) the model's weights make for {@code task}'s architecture and optimiser. */
    static byte[] startState(Path onnx, TrainingTask task) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(onnx);
        } catch (NoSuchFileException e) {
            throw new BadOption("--init", "no such file: " + onnx);
        } catch (IOException e) {
            throw new BadOption("--init", "cannot read " + onnx + ": " + e.getMessage());
        }
        try {
            return OnnxInitialWeights.load(task.architecture(), task.hyperparameters().optimizer(), bytes).encode();
        } catch (OnnxImportException e) {
            throw new BadOption("--init", onnx + " does not fit the task: " + e.getMessage());
        }
    }

    /** The state's hash, which the task names: BLAKE3 of its encoding. */
    static Bytes32 hash(byte[] state) {
        return Bytes32.of(Blake3.hash(state));
    }
}
