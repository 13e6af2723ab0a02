package org.pouw.node.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pouw.core.PouwException;
import org.pouw.ml.MlException;
import org.pouw.ml.sweep.RandomSearch;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A sweep's {@code search} (docs/ml.md "Sweeps"): {@code {"seed", "count", "space": {setting: {"min", "max"[,
 * "scale": "log"]} | {"choices": [...]}}}}, drawn into {@code count} configurations by {@link RandomSearch} — the
 * same request gives the same configurations on any node. Learning rate, momentum, weight decay, cosine floor and clip
 * draw floats; batch, warm-up steps and seed draw whole numbers. The axes are drawn in the order the space lists them.
 */
final class SweepSearchJson {
    private static final List<String> INTEGERS = List.of("batch", "warmup_steps", "seed");
    private static final List<String> FIELDS = List.of("seed", "count", "space");

    private SweepSearchJson() {
    }

    /** The drawn configurations, each an object of the settings the space names. */
    static ArrayNode draw(JsonNode search) {
        if (!search.isObject()) {
            throw PouwException.invalid("search", "must be an object {seed, count, space}");
        }
        for (Map.Entry<String, JsonNode> field : search.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                throw PouwException.invalid("search." + field.getKey(), "unknown field (expected one of "
                        + String.join(", ", FIELDS) + ")");
            }
        }
        long seed = whole(search.path("seed"), "search.seed");
        long count = whole(search.path("count"), "search.count");
        if (count < 1 || count > MlSweepEndpoints.MAX_CONFIGURATIONS) {
            throw PouwException.invalid("search.count", "must be in [1, " + MlSweepEndpoints.MAX_CONFIGURATIONS
                    + "], got " + count);
        }
        JsonNode space = search.path("space");
        if (!space.isObject() || space.isEmpty() || space.size() > RandomSearch.MAX_AXES) {
            throw PouwException.invalid("search.space", "must be an object naming 1 to " + RandomSearch.MAX_AXES
                    + " of " + String.join(", ", MlSweepEndpoints.SWEPT));
        }
        List<RandomSearch.Axis> axes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> setting : space.properties()) {
            axes.add(axis(setting.getKey(), setting.getValue()));
        }
        ArrayNode configurations = ApiJson.array();
        for (Map<String, Number> drawn : RandomSearch.draw(axes, (int) count, seed)) {
            ObjectNode configuration = ApiJson.object();
            drawn.forEach((name, value) -> {
                switch (value) {
                    case Float f -> configuration.put(name, f);
                    case Double d -> configuration.put(name, d);
                    default -> configuration.put(name, value.longValue());
                }
            });
            configurations.add(configuration);
        }
        return configurations;
    }

    private static RandomSearch.Axis axis(String name, JsonNode range) {
        String field = "search.space." + name;
        if (!MlSweepEndpoints.SWEPT.contains(name)) {
            throw PouwException.invalid(field, "cannot be swept (one of " + String.join(", ", MlSweepEndpoints.SWEPT)
                    + ")");
        }
        if (!range.isObject()) {
            throw PouwException.invalid(field, "must be {\"min\", \"max\"} or {\"choices\": [...]}");
        }
        boolean integer = INTEGERS.contains(name);
        try {
            if (range.has("choices")) {
                if (range.size() != 1 || !range.path("choices").isArray()) {
                    throw PouwException.invalid(field, "must be {\"choices\": [...]} alone");
                }
                List<Number> values = new ArrayList<>();
                for (JsonNode value : range.path("choices")) {
                    if (integer ? !value.isIntegralNumber() || !value.canConvertToLong() : !value.isNumber()) {
                        throw PouwException.invalid(field + ".choices", "must be " + (integer ? "whole numbers"
                                : "numbers") + ", got " + value);
                    }
                    values.add(integer ? (Number) value.longValue() : (Number) value.doubleValue());
                }
                return new RandomSearch.Choices(name, values);
            }
            for (Map.Entry<String, JsonNode> key : range.properties()) {
                if (!List.of("min", "max", "scale").contains(key.getKey())) {
                    throw PouwException.invalid(field + "." + key.getKey(), "unknown (expected min, max, scale or"
                            + " choices)");
                }
            }
            if (integer) {
                if (range.has("scale")) {
                    throw PouwException.invalid(field + ".scale", "a whole-number setting is drawn uniformly");
                }
                return new RandomSearch.IntRange(name, whole(range.path("min"), field + ".min"),
                        whole(range.path("max"), field + ".max"));
            }
            String scale = range.path("scale").asString("linear");
            if (!scale.equals("linear") && !scale.equals("log")) {
                throw PouwException.invalid(field + ".scale", "must be linear or log, got " + scale);
            }
            return new RandomSearch.FloatRange(name, number(range.path("min"), field + ".min"),
                    number(range.path("max"), field + ".max"), scale.equals("log"));
        } catch (MlException e) {
            throw PouwException.invalid(field, e.getMessage());
        }
    }

    private static long whole(JsonNode node, String field) {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw PouwException.invalid(field, "must be a whole number" + (node.isMissingNode() ? " (required)"
                    : ", got " + node));
        }
        return node.longValue();
    }

    private static double number(JsonNode node, String field) {
        if (!node.isNumber()) {
            throw PouwException.invalid(field, "must be a number" + (node.isMissingNode() ? " (required)"
                    : ", got " + node));
        }
        return node.doubleValue();
    }
}
