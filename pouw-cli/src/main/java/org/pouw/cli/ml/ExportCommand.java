package org.pouw.cli.ml;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pouw.cli.ExitCodes;
import org.pouw.ml.onnx.OnnxExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pouw ml export}: a model file as a standard ONNX model (IR 8, opset 17) that ONNX Runtime and other
 * tools load: input {@code "input"} [batch, features], output {@code "logits"} [batch, classes].
 */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Write a model file as an ONNX model.")
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "FILE", required = true, description = "a model file (pouw ml train, or a node's verified model)")
    Path model;

    @Option(names = "--onnx", paramLabel = "FILE", required = true, description = "where to write the ONNX model")
    Path onnx;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        OutputFile.checkWritable(onnx, "--onnx");
        ModelInput input = ModelInput.read(model);
        byte[] bytes = OnnxExport.export(input.model().architecture(), input.model().network());
        OutputFile.write(onnx, bytes, "--onnx");
        if (json) {
            System.out.println(MlJson.write(MlJson.object().put("model", input.hash().hex()).put("onnx", onnx.toString())
                    .put("bytes", bytes.length).put("opset", 17)
                    .put("architecture", ArchitectureSpec.format(input.model().architecture()))));
        } else {
            System.out.println(String.format(Locale.ROOT, "wrote %s: %,d bytes, ONNX opset 17, %s", onnx, bytes.length,
                    ArchitectureSpec.describe(input.model().architecture())));
        }
        return ExitCodes.OK;
    }
}
