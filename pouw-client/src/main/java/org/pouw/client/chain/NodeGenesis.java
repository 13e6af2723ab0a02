package org.pouw.client.chain;

import java.util.Base64;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/chain/genesis}: the chain a node runs.
 *
 * @param encoded     the canonical genesis encoding, whose domain-separated BLAKE3 hash is the chain id (pouw-chain
 *                    {@code ChainGenesis#encode}); check it against {@code chainId} before trusting the file
 * @param genesisFile the genesis file text ({@code GenesisFile.parse} in pouw-chain reads it back to the genesis)
 */
public record NodeGenesis(String chainId, byte[] encoded, String genesisFile) {
    public static NodeGenesis from(JsonNode json) {
        return new NodeGenesis(json.path("chain_id").asString(""),
                Base64.getDecoder().decode(json.path("genesis").asString("")), json.path("genesis_file").asString(""));
    }
}
