package org.pouw.client.chain;

import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/chain/blocks/{hash|height}}: a block the node validated, its summary and its encoding.
 *
 * @param miner   the miner's did:key
 * @param task    the id of the task the block trained
 * @param tickets the winning step's ticket index j
 * @param txs     the ids of its transactions, in block order
 * @param encoded the block's canonical encoding ({@code Block.decode} in pouw-chain reads it)
 */
public record ChainBlock(String hash, long height, String parent, long timestamp, String miner, String task,
                         long tickets, List<String> txs, byte[] encoded) {
    public static ChainBlock from(JsonNode json) {
        return new ChainBlock(json.path("hash").asString(""), json.path("height").asLong(0),
                json.path("parent").asString(""), json.path("timestamp").asLong(0), json.path("miner").asString(""),
                json.path("task").asString(""), json.path("tickets").asLong(0),
                json.path("txs").valueStream().map(id -> id.asString("")).toList(),
                Base64.getDecoder().decode(json.path("block").asString("")));
    }
}
