package org.pouw.client.ml;

import tools.jackson.databind.JsonNode;

/**
 * What the node measured when it verified a training: held-out accuracy and mean loss over {@code samples}
 * records, the task's target ({@code target} metric at {@code threshold}) and whether it was met, and how many of
 * the {@code steps} it audited.
 */
public record TrainingQuality(double accuracy, double loss, long samples, String target, double threshold,
                              boolean targetMet, int auditedSteps, long steps) {
    public static TrainingQuality from(JsonNode json) {
        return new TrainingQuality(json.path("accuracy").asDouble(0), json.path("loss").asDouble(0),
                json.path("samples").asLong(0), json.path("target").asString(""),
                json.path("threshold").asDouble(0), json.path("target_met").asBoolean(false),
                json.path("audited_steps").asInt(0), json.path("steps").asLong(0));
    }
}
