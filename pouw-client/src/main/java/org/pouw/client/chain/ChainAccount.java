package org.pouw.client.chain;

import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/chain/accounts/{did}}: an account on the followed tip's state, amounts in base units.
 *
 * @param nonce           the nonce its next transaction must carry
 * @param stake           stake that counts for mining at the next block's height
 * @param stakePending    stake bought that counts from {@code stakeActiveFrom} on
 * @param stakeRole       {@code miner} while it holds any stake, else null
 * @param stakeActiveFrom the height pending stake starts to count, or -1 with none pending
 * @param unbonding       unstaked coins still locked
 * @param unbondingUntil  the height they return to the balance, or -1 with none unbonding
 * @param immature        block rewards earned but not yet spendable (they mature unless an audit slashes them)
 */
public record ChainAccount(String did, long balance, long nonce, long stake, long stakePending, String stakeRole,
                           long stakeActiveFrom, long unbonding, long unbondingUntil, long immature) {
    public static ChainAccount from(JsonNode json) {
        JsonNode role = json.path("stake_role");
        return new ChainAccount(json.path("did").asString(""), json.path("balance").asLong(0),
                json.path("nonce").asLong(0), json.path("stake").asLong(0), json.path("stake_pending").asLong(0),
                role.isString() ? role.asString() : null, orMinusOne(json.path("stake_active_from")),
                json.path("unbonding").asLong(0), orMinusOne(json.path("unbonding_until")),
                json.path("immature").asLong(0));
    }

    private static long orMinusOne(JsonNode node) {
        return node.isNumber() ? node.asLong() : -1;
    }
}
