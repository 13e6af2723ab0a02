package org.pouw.ml.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.tensor.Mix64;

/**
 * A seeded random search (issue 28 §3): {@code count} configurations, each setting drawn from its {@link Axis} by
 * SplitMix64 keyed by the seed, the configuration's index and the axis's index — so the same seed gives the same
 * configurations on any JVM, whatever the order they are asked for in. Integer arithmetic picks integers and choices;
 * a float range maps 53 random bits to a double in [0, 1) exactly and scales it in double, through {@link StrictMath}
 * for a log scale, then rounds once to float, the type the engine trains with.
 */
public final class RandomSearch {
    public static final int MAX_AXES = 8;
    private static final long DOMAIN = 0x72616e646f6dL; // "random": keeps these draws apart from a grid's shuffle

    private RandomSearch() {
    }

    /** One setting's space. */
    public sealed interface Axis permits FloatRange, IntRange, Choices {
        String name();

        Number draw(long bits);
    }

    /** A float uniform in [min, max], or log-uniform ({@code log}: both bounds positive). */
    public record FloatRange(String name, double min, double max, boolean log) implements Axis {
        public FloatRange {
            InvalidSpecException.require(Double.isFinite(min) && Double.isFinite(max) && min <= max, name,
                    "a finite range with min <= max", "[" + min + ", " + max + "]");
            InvalidSpecException.require(!log || min > 0, name + ".min", "> 0 on a log scale", min);
        }

        @Override
        public Number draw(long bits) {
            double unit = (bits >>> 11) * 0x1.0p-53;
            double value = log
                    ? StrictMath.exp(StrictMath.log(min) + unit * (StrictMath.log(max) - StrictMath.log(min)))
                    : min + unit * (max - min);
            return (float) Math.min(max, Math.max(min, value));
        }
    }

    /** An integer uniform in [min, max] (batch sizes, warm-up steps, seeds: never negative). */
    public record IntRange(String name, long min, long max) implements Axis {
        public IntRange {
            InvalidSpecException.require(min >= 0 && min <= max && max < Long.MAX_VALUE, name,
                    "a range with min <= max", "[" + min + ", " + max + "]");
        }

        @Override
        public Number draw(long bits) {
            return min + Long.remainderUnsigned(bits, max - min + 1);
        }
    }

    /** One of the listed values, each as likely. */
    public record Choices(String name, List<Number> values) implements Axis {
        public Choices {
            InvalidSpecException.require(values != null && !values.isEmpty() && values.size() <= 64, name,
                    "1 to 64 choices", values);
            values = List.copyOf(values);
        }

        @Override
        public Number draw(long bits) {
            return values.get((int) Long.remainderUnsigned(bits, values.size()));
        }
    }

    /** The {@code count} configurations, each a map from setting to value in the axes' order. */
    public static List<Map<String, Number>> draw(List<Axis> axes, int count, long seed) {
        InvalidSpecException.require(!axes.isEmpty() && axes.size() <= MAX_AXES, "search axes",
                "1 to " + MAX_AXES, axes.size());
        InvalidSpecException.require(count >= 1 && count <= SweepGrid.MAX_CONFIGURATIONS, "search count",
                "in [1, " + SweepGrid.MAX_CONFIGURATIONS + "]", count);
        long key = Mix64.mix(seed ^ DOMAIN);
        List<Map<String, Number>> out = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            long configuration = Mix64.derive(key, c);
            Map<String, Number> settings = new LinkedHashMap<>();
            for (int a = 0; a < axes.size(); a++) {
                Axis axis = axes.get(a);
                InvalidSpecException.require(!settings.containsKey(axis.name()), "search axes", "distinct settings",
                        axis.name());
                settings.put(axis.name(), axis.draw(Mix64.derive(configuration, a)));
            }
            out.add(Collections.unmodifiableMap(settings));
        }
        return List.copyOf(out);
    }
}
