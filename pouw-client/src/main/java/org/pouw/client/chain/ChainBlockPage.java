package org.pouw.client.chain;

import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/chain/blocks?from=H&limit=N}: encodings of the followed branch's blocks from height H on, in height
 * order, and the height to ask for next (one past the last block given; equal to {@code from} when there were none).
 */
public record ChainBlockPage(List<byte[]> blocks, long next) {
    public static ChainBlockPage from(JsonNode json) {
        return new ChainBlockPage(json.path("blocks").valueStream()
                .map(block -> Base64.getDecoder().decode(block.asString(""))).toList(), json.path("next").asLong(0));
    }
}
