package org.pouw.client.ml;

import tools.jackson.databind.JsonNode;

/**
 * A dataset the node stored ({@code POST /v1/ml/datasets}): the blob key a task names it by, and the Merkle root of
 * its records the node computed, which must be the root the task commits to.
 */
public record StoredDataset(String blob, String root, long records, int features, int classes, long bytes) {
    public static StoredDataset from(JsonNode json) {
        return new StoredDataset(json.path("blob").asString(""), json.path("root").asString(""),
                json.path("records").asLong(0), json.path("features").asInt(0), json.path("classes").asInt(0),
                json.path("bytes").asLong(0));
    }
}
