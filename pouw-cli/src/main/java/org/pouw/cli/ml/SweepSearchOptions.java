package org.pouw.cli.ml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * A seeded random search for {@code pouw ml sweep submit} instead of a grid: {@code --search N} configurations drawn by
 * the node from the ranges and choices given (the same seed, the same configurations). These options only fill the
 * request's {@code search}; the node checks every value.
 */
final class SweepSearchOptions {
    @Option(names = "--search", paramLabel = "N", description = "draw N configurations at random instead of a grid")
    Integer count;

    @Option(names = "--search-seed", paramLabel = "S", defaultValue = "1",
            description = "the draw's seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--lr-range", paramLabel = "MIN:MAX[:log]", description = "with --search: the learning rate's range")
    String learningRate;

    @Option(names = "--momentum-range", paramLabel = "MIN:MAX", description = "with --search: the momentum's range")
    String momentum;

    @Option(names = "--weight-decay-range", paramLabel = "MIN:MAX[:log]",
            description = "with --search: the weight decay's range")
    String weightDecay;

    @Option(names = "--batch-choices", paramLabel = "N[,N…]", split = ",",
            description = "with --search: batch sizes to choose among")
    List<Integer> batches;

    boolean asked() {
        return count != null;
    }

    /** The request's {@code search}: {@code {"seed", "count", "space"}}, the space in the options' order. */
    Map<String, Object> search() {
        BadOption.require(count >= 1, "--search", ">= 1", count);
        Map<String, Object> space = new LinkedHashMap<>();
        range(space, "learning_rate", "--lr-range", learningRate);
        range(space, "momentum", "--momentum-range", momentum);
        range(space, "weight_decay", "--weight-decay-range", weightDecay);
        if (batches != null) {
            space.put("batch", Map.of("choices", batches));
        }
        if (space.isEmpty()) {
            throw new BadOption("--search", "needs at least one of --lr-range, --momentum-range, --weight-decay-range,"
                    + " --batch-choices");
        }
        Map<String, Object> search = new LinkedHashMap<>();
        search.put("seed", seed);
        search.put("count", count);
        search.put("space", space);
        return search;
    }

    /** The learning rate a grid-less spec starts from (each drawn configuration replaces it). */
    double baseLearningRate() {
        return learningRate == null ? 0.01 : Double.parseDouble(learningRate.split(":")[0]);
    }

    private static void range(Map<String, Object> space, String setting, String option, String text) {
        if (text == null) {
            return;
        }
        String[] parts = text.split(":");
        BadOption.require(parts.length == 2 || parts.length == 3 && parts[2].equals("log"), option,
                "MIN:MAX or MIN:MAX:log", text);
        Map<String, Object> range = new LinkedHashMap<>();
        try {
            range.put("min", Double.parseDouble(parts[0]));
            range.put("max", Double.parseDouble(parts[1]));
        } catch (NumberFormatException e) {
            throw new BadOption(option, "must be two numbers MIN:MAX, got " + text);
        }
        if (parts.length == 3) {
            range.put("scale", "log");
        }
        space.put(setting, range);
    }
}
