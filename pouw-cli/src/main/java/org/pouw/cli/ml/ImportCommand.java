package org.pouw.cli.ml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pouw.cli.ExitCodes;
import org.pouw.crypto.Blake3;
import org.pouw.ml.model.ModelFile;
import org.pouw.ml.onnx.OnnxImport;
import org.pouw.ml.onnx.OnnxImportException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pouw ml import}: an ONNX model made of the operators the engine maps (docs/ml.md, "ONNX import") as a
 * model file, which {@code pouw ml evaluate} and {@code pouw ml export} read. A graph the engine cannot run is
 * refused naming its node and operator.
 */
@Command(name = "import", mixinStandardHelpOptions = true, description = "Read an ONNX model into a model file.")
final class ImportCommand implements Callable<Integer> {
    @Option(names = "--onnx", paramLabel = "FILE", required = true, description = "the ONNX model to read")
    Path onnx;

    @Option(names = "--model", paramLabel = "FILE", required = true, description = "where to write the model file")
    Path model;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        OutputFile.checkWritable(model, "--model");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(onnx);
        } catch (NoSuchFileException e) {
            throw new BadOption("--onnx", "no such file: " + onnx);
        } catch (IOException e) {
            throw new BadOption("--onnx", "cannot read " + onnx + ": " + e.getMessage());
        }
        ModelFile.Model imported;
        try {
            imported = OnnxImport.read(bytes);
        } catch (OnnxImportException e) {
            throw new BadOption("--onnx", onnx + " cannot be imported: " + e.getMessage());
        }
        byte[] file = ModelFile.encode(imported.architecture(), imported.network());
        OutputFile.write(model, file, "--model");
        String hash = org.pouw.ml.wire.Bytes32.of(Blake3.hash(file)).hex();
        if (json) {
            System.out.println(MlJson.write(MlJson.object().put("onnx", onnx.toString()).put("model", model.toString())
                    .put("hash", hash).put("parameters", imported.architecture().parameterCount())
                    .put("architecture", ArchitectureSpec.format(imported.architecture()))));
        } else {
            System.out.println(String.format(Locale.ROOT, "wrote %s (%s): %s", model, hash,
                    ArchitectureSpec.describe(imported.architecture())));
        }
        return ExitCodes.OK;
    }
}
