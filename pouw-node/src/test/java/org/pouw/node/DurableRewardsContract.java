package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.core.ledger.LedgerAudit;
import org.pouw.core.port.StoreTx;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.reward.RewardPayouts;

/**
 * Receipt rewards on the node's durable ledger (issue 21 §2–3; docs/gate.md §10): a reward is a ledger entry written
 * in the redemption's transaction, so it, the pool's balance and the stored result a replay is told all survive a
 * restart, and a challenge paid for a reward buys no token (nor the other way round). Run by one subclass per
 * database.
 */
abstract class DurableRewardsContract {
    @TempDir
    Path dir;

    /** The storage settings of the database under test; the same on every call within one test. */
    abstract Map<String, String> storage();

    RunningNode start(String name) {
        Map<String, String> settings = new HashMap<>(storage());
        settings.put("gate.enabled", "true");
        settings.put("gate.hashcash_bits", "1");
        settings.put("gate.max_hashcash_bits", "1");
        settings.put("gate.challenge_key_file", dir.resolve("challenge.key").toString());
        settings.put("gate.token_key_file", dir.resolve("token.key").toString());
        settings.put("auth.token_secret_file", TokenSecretFile.shared(dir));
        settings.put("receipts.hashcash.amount", "10");
        settings.put("receipts.hashcash.emission_cap", "1000");
        settings.put("receipts.pool_fund", "100");
        return new RunningNode(dir.resolve(name), settings, Clock.system());
    }

    @Test
    void aRewardItsPoolAndItsStoredResultSurviveARestart() {
        Ed25519.KeyPair client = Ed25519.KeyPair.generate();
        String did = client.did().toString();
        String receipt;
        try (RunningNode node = start("node")) {
            receipt = ReceiptMaker.receipt(node, client);
            RunningNode.Reply paid = node.post("/v1/receipts", receipt, null);
            assertThat(paid.status()).as(paid.json().toString()).isEqualTo(200);
            assertThat(paid.json().path("amount").asLong()).isEqualTo(10);
        }
        try (RunningNode again = start("node")) {
            assertThat(again.node.storage().read((StoreTx tx) -> tx.ledger().balance(did))).isEqualTo(10);
            assertThat(again.node.storage().read((StoreTx tx) -> tx.ledger().balance(RewardPayouts.POOL_ACCOUNT)))
                    .as("the pool is funded once per database, not once per start").isEqualTo(90);
            assertThat(again.node.storage().read((StoreTx tx) -> tx.ledger().byKey("receipt:"
                    + RunningNode.JSON.readTree(receipt).path("challenge").path("id").asString()))).isPresent();

            RunningNode.Reply owner = again.post("/v1/receipts", receipt, again.signIn(client));
            assertThat(owner.status()).isEqualTo(409);
            assertThat(owner.code()).isEqualTo("replayed");
            assertThat(owner.json().path("result").path("amount").asLong())
                    .as("the stored result outlives the node that paid it").isEqualTo(10);
            assertThat(owner.json().path("result").path("did").asString()).isEqualTo(did);
            assertThat(owner.json().toString()).doesNotContain("pouw-at-v1");

            RunningNode.Reply anonymous = again.post("/v1/receipts", receipt, null);
            assertThat(anonymous.status()).isEqualTo(409);
            assertThat(anonymous.json().has("result")).isFalse();
            RunningNode.Reply stranger = again.post("/v1/receipts", receipt,
                    again.signIn(Ed25519.KeyPair.generate()));
            assertThat(stranger.status()).isEqualTo(409);
            assertThat(stranger.json().has("result")).isFalse();
            assertThat(new LedgerAudit(again.node.storage()).run().problems()).isEmpty();
        }
    }

    @Test
    void aChallengePaidAsARewardBuysNoTokenAndOneSoldForATokenIsNotPaid() {
        Ed25519.KeyPair client = Ed25519.KeyPair.generate();
        try (RunningNode node = start("node")) {
            String rewarded = ReceiptMaker.receipt(node, client);
            assertThat(node.post("/v1/receipts", rewarded, null).status()).isEqualTo(200);
            RunningNode.Reply token = node.post("/v1/tokens", ReceiptMaker.powRequest(rewarded), null);
            assertThat(token.status()).isEqualTo(409);
            assertThat(token.code()).isEqualTo("replayed");

            String tokened = ReceiptMaker.receipt(node, client);
            RunningNode.Reply bought = node.post("/v1/tokens", ReceiptMaker.powRequest(tokened), null);
            assertThat(bought.status()).as(bought.json().toString()).isEqualTo(200);
            RunningNode.Reply reward = node.post("/v1/receipts", tokened, null);
            assertThat(reward.status()).isEqualTo(409);
            assertThat(reward.code()).isEqualTo("replayed");

            assertThat(node.node.storage().read((StoreTx tx) -> tx.ledger().balance(client.did().toString())))
                    .as("one reward, for the first challenge only").isEqualTo(10);
        }
    }

    @Test
    void aDryPoolRefusesAndConsumesNothing() {
        Ed25519.KeyPair client = Ed25519.KeyPair.generate();
        try (RunningNode node = start("node")) {
            for (int i = 0; i < 10; i++) {
                assertThat(node.post("/v1/receipts", ReceiptMaker.receipt(node, client), null).status())
                        .isEqualTo(200);
            }
            String eleventh = ReceiptMaker.receipt(node, client);
            RunningNode.Reply dry = node.post("/v1/receipts", eleventh, null);
            assertThat(dry.code()).isEqualTo("pool_empty");
            assertThat(node.post("/v1/tokens", ReceiptMaker.powRequest(eleventh), null).status())
                    .as("the refused reward took no redemption: the challenge still buys its token").isEqualTo(200);
            assertThat(node.node.storage().read((StoreTx tx) -> tx.ledger().balance(RewardPayouts.POOL_ACCOUNT)))
                    .isZero();
        }
    }
}
