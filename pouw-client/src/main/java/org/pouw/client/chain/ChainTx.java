package org.pouw.client.chain;

import java.util.Base64;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/chain/txs/{id}}: a transaction the node holds, pending in its mempool or included in a block of the
 * followed branch.
 *
 * @param kind    the transaction kind in lower case ({@code transfer}, {@code pay_for_task}, …)
 * @param sender  the sender's did:key
 * @param status  {@code pending} or {@code included}
 * @param block   the including block's hash; null while pending
 * @param height  the including block's height; -1 while pending
 * @param encoded the transaction's canonical encoding ({@code Transaction.decode} in pouw-chain reads it)
 */
public record ChainTx(String id, String kind, String sender, long nonce, long fee, String status, String block,
                      long height, byte[] encoded) {
    public static ChainTx from(JsonNode json) {
        JsonNode block = json.path("block");
        JsonNode height = json.path("height");
        return new ChainTx(json.path("id").asString(""), json.path("kind").asString(""),
                json.path("sender").asString(""), json.path("nonce").asLong(0), json.path("fee").asLong(0),
                json.path("status").asString(""), block.isString() ? block.asString() : null,
                height.isNumber() ? height.asLong() : -1, Base64.getDecoder().decode(json.path("tx").asString("")));
    }

    public boolean isIncluded() {
        return "included".equals(status);
    }
}
