package org.pouw.client.chain;

import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/chain/datasets}: the dataset the node now serves, by the id tasks name it with on chain (BLAKE3 of
 * its size and Merkle root, docs/chain.md §4.2).
 */
public record ChainDataset(String datasetId, String root, long records, int features, int classes) {
    public static ChainDataset from(JsonNode json) {
        return new ChainDataset(json.path("dataset_id").asString(""), json.path("root").asString(""),
                json.path("records").asLong(0), json.path("features").asInt(0), json.path("classes").asInt(0));
    }
}
