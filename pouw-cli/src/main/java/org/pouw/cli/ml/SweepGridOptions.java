package org.pouw.cli.ml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pouw.client.ml.TrainingSpec;
import picocli.CommandLine.Option;

/**
 * What {@code pouw ml sweep submit} sweeps: a stack architecture and fixed settings (the task {@code spec}), and lists
 * of learning rates, weight decays and batch sizes whose every combination is one configuration (learning rate
 * outermost, batch innermost, as {@code SweepGrid} orders them). The node checks every setting; these options only
 * fill the request.
 */
final class SweepGridOptions {
    @Option(names = "--arch", paramLabel = "STACK", required = true,
            description = "a stack: resnet8, char-transformer, resnet:…, transformer:…, stack:HxWxC:LAYER,…")
    String arch;

    @Option(names = "--optimizer", paramLabel = "sgd|adam|adamw", defaultValue = "sgd", description = "(default ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--lr", paramLabel = "R[,R…]", split = ",",
            description = "learning rates to try (a grid; required unless --search)")
    List<Double> learningRates;

    @Option(names = "--weight-decay", paramLabel = "L[,L…]", split = ",", description = "weight decays to try (default none)")
    List<Double> weightDecays;

    @Option(names = "--batch", paramLabel = "N[,N…]", split = ",", description = "batch sizes to try (default 32)")
    List<Integer> batches;

    @Option(names = "--steps", paramLabel = "N", required = true, description = "training steps of each task")
    long steps;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "(default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--target-accuracy", paramLabel = "A", defaultValue = "0.5",
            description = "each task's held-out target (default ${DEFAULT-VALUE})")
    double targetAccuracy;

    @Option(names = "--fee-per-job", paramLabel = "UNITS", required = true, description = "what each task pays")
    long feePerJob;

    /** The task spec every configuration changes; {@code learningRate} is the grid's first or the search's base. */
    TrainingSpec spec(double learningRate) {
        BadOption.require(feePerJob >= 0, "--fee-per-job", ">= 0", feePerJob);
        BadOption.require(steps >= 1, "--steps", ">= 1", steps);
        return TrainingSpec.of(arch).optimizer(optimizer, learningRate).steps(steps).seed(seed)
                .targetAccuracy(targetAccuracy).fee(feePerJob);
    }

    TrainingSpec spec() {
        BadOption.require(learningRates != null && !learningRates.isEmpty(), "--lr", "given (or use --search)", null);
        return spec(learningRates.get(0));
    }

    /** Every combination, learning rate outermost. */
    List<Map<String, Object>> configurations() {
        List<Double> decays = weightDecays == null ? java.util.Collections.singletonList(null) : weightDecays;
        List<Integer> sizes = batches == null ? List.of(32) : batches;
        List<Map<String, Object>> out = new ArrayList<>();
        for (double rate : learningRates) {
            for (Double decay : decays) {
                for (int batch : sizes) {
                    Map<String, Object> configuration = new LinkedHashMap<>();
                    configuration.put("learning_rate", rate);
                    if (decay != null) {
                        configuration.put("weight_decay", decay);
                    }
                    configuration.put("batch", batch);
                    out.add(configuration);
                }
            }
        }
        return out;
    }
}
