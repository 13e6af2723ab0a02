package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.node.HttpChainFixture.ALICE;
import static org.pouw.node.HttpChainFixture.BOB;
import static org.pouw.node.HttpChainFixture.CAROL;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.chain.block.Block;
import org.pouw.chain.tx.Transaction;
import org.pouw.core.SettableClock;
import org.pouw.core.event.Event;
import org.pouw.store.ChainStores;
import tools.jackson.databind.JsonNode;

/**
 * A reorg deeper than R held for the operator on a real node (docs/chain.md §6, docs/operations.md): with R = 2, Alice's
 * three blocks are followed and Bob's heavier four-block branch from genesis — a fork three blocks deep — is held, not
 * followed. The node raises the alarm (the head shows the held branch, a {@code chain.reorg_held} event, the held-depth
 * gauge and the held counter) and follows the branch only when the admin accepts it by the hash they saw.
 */
class HeldReorgEndpointsTest {
    private static final String ACCEPT = "/v1/chain/reorg/accept";

    @TempDir
    Path dir;

    final HttpChainFixture chain = new HttpChainFixture(HttpChainFixture.genesis(2));
    final SettableClock clock = HttpChainFixture.clock();
    RunningNode node;
    List<Block> alice;
    List<Block> bob;
    Transaction pay;

    @BeforeEach
    void holdBobsBranch() {
        node = chain.startNode(dir, clock);
        pay = chain.transfer(CAROL, 0, 10, BOB, 500);
        assertThat(post("/v1/chain/txs", HttpChainFixture.txBody(pay)).status()).isEqualTo(202);
        alice = chain.mine(ALICE, chain.genesisNode(), 3, List.of(pay));
        bob = chain.mine(BOB, chain.genesisNode(), 4);
        alice.forEach(block -> assertThat(postBlock(block).status()).isEqualTo(200));
        bob.forEach(block -> assertThat(postBlock(block).status()).isEqualTo(200));
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private RunningNode.Reply postBlock(Block block) {
        return post("/v1/chain/blocks", HttpChainFixture.blockBody(block));
    }

    private RunningNode.Reply post(String path, JsonNode body) {
        return node.post(path, body, null);
    }

    private RunningNode.Reply accept(String hash, String token) {
        return node.post(ACCEPT, RunningNode.JSON.createObjectNode().put("hash", hash), token);
    }

    private String hex(Block block) {
        return chain.hash(block).hex();
    }

    private List<Event> chainEvents() {
        return node.node.storage().read(tx -> tx.events().after(0, 1_000)).stream()
                .filter(event -> event.type().startsWith("chain.")).toList();
    }

    private String metrics() {
        return new String(node.get("/v1/pouw/metrics").bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void theHeldBranchIsShownAnnouncedAndCountedWhileTheNodeKeepsItsTip() {
        JsonNode head = node.get("/v1/chain/head").json();
        assertThat(head.path("hash").asString()).isEqualTo(hex(alice.getLast()));
        assertThat(head.path("height").asLong()).isEqualTo(3);
        JsonNode held = head.path("held");
        assertThat(held.path("hash").asString()).isEqualTo(hex(bob.getLast()));
        assertThat(held.path("height").asLong()).isEqualTo(4);
        assertThat(held.path("depth").asInt()).isEqualTo(3);

        List<Event> alarms = chainEvents().stream().filter(e -> e.type().equals("chain.reorg_held")).toList();
        // Bob's third block ties Alice's tip in work and may win on the lower ticket: then it was held first.
        assertThat(alarms).hasSizeBetween(1, 2);
        JsonNode last = RunningNode.JSON.readTree(alarms.getLast().data());
        assertThat(last.path("held_tip").asString()).isEqualTo(hex(bob.getLast()));
        assertThat(last.path("followed_tip").asString()).isEqualTo(hex(alice.getLast()));
        assertThat(last.path("held_height").asLong()).isEqualTo(4);
        assertThat(last.path("depth").asInt()).isEqualTo(3);
        assertThat(chainEvents().stream().filter(e -> e.type().equals("chain.reorg"))).isEmpty();
        // Offering the held tip again announces nothing new.
        assertThat(postBlock(bob.getLast()).json().path("status").asString()).isEqualTo("known");
        assertThat(chainEvents().stream().filter(e -> e.type().equals("chain.reorg_held"))).hasSameSizeAs(alarms);

        assertThat(metrics()).contains("pouw_chain_held_reorg_depth 3.0")
                .contains("pouw_chain_reorgs_held_total " + alarms.size() + ".0")
                .contains("pouw_chain_reorgs_total 0.0").contains("pouw_chain_height 3.0");
        assertThat(node.get("/v1/chain/txs/" + pay.id(chain.genesis.chainId()).hex()).json().path("status")
                .asString()).isEqualTo("included");
    }

    @Test
    void theAdminAcceptsTheHeldTipByHashAndTheNodeSwitches() {
        String admin = node.signIn(node.node.adminKey());

        RunningNode.Reply accepted = accept(hex(bob.getLast()), admin);

        assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(200);
        assertThat(accepted.json().path("hash").asString()).isEqualTo(hex(bob.getLast()));
        assertThat(accepted.json().path("height").asLong()).isEqualTo(4);
        assertThat(accepted.json().path("old_tip").asString()).isEqualTo(hex(alice.getLast()));
        assertThat(accepted.json().path("depth").asInt()).isEqualTo(3);
        JsonNode head = node.get("/v1/chain/head").json();
        assertThat(head.path("hash").asString()).isEqualTo(hex(bob.getLast()));
        assertThat(head.path("held").isNull()).isTrue();
        assertThat(ChainStores.on(node.node.storage()).tip()).contains(chain.hash(bob.getLast()));
        assertThat(node.get("/v1/chain/blocks/1").json().path("hash").asString()).isEqualTo(hex(bob.getFirst()));
        // Alice's blocks left the followed branch: the transfer they carried is pending again.
        assertThat(node.get("/v1/chain/txs/" + pay.id(chain.genesis.chainId()).hex()).json().path("status")
                .asString()).isEqualTo("pending");

        List<Event> events = chainEvents();
        List<Event> reorgs = events.stream().filter(e -> e.type().equals("chain.reorg")).toList();
        assertThat(reorgs).hasSize(1);
        JsonNode reorg = RunningNode.JSON.readTree(reorgs.getFirst().data());
        assertThat(reorg.path("old_tip").asString()).isEqualTo(hex(alice.getLast()));
        assertThat(reorg.path("new_tip").asString()).isEqualTo(hex(bob.getLast()));
        assertThat(reorg.path("depth").asInt()).isEqualTo(3);
        assertThat(reorg.path("returned_txs").asLong()).isEqualTo(1);
        assertThat(events.subList(events.indexOf(reorgs.getFirst()) + 1, events.size()))
                .extracting(Event::type).containsOnly("chain.block").hasSize(4);
        assertThat(metrics()).contains("pouw_chain_held_reorg_depth 0.0").contains("pouw_chain_reorgs_total 1.0")
                .contains("pouw_chain_height 4.0");

        RunningNode.Reply again = accept(hex(bob.getLast()), admin);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("reorg_not_held");
    }

    @Test
    void aHashOtherThanTheHeldTipIsAConflictAndChangesNothing() {
        String admin = node.signIn(node.node.adminKey());
        for (String other : List.of(hex(bob.get(2)), hex(alice.getLast()), "ab".repeat(32))) {
            RunningNode.Reply refused = accept(other, admin);
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.code()).isEqualTo("held_reorg_changed");
            assertThat(refused.field()).isEqualTo("hash");
            assertThat(refused.json().path("error").path("held").path("hash").asString())
                    .isEqualTo(hex(bob.getLast()));
        }
        RunningNode.Reply malformed = accept("not-a-hash", admin);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.field()).isEqualTo("hash");
        RunningNode.Reply missing = node.post(ACCEPT, "{}", admin);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.field()).isEqualTo("hash");
        assertUnchanged();
    }

    @Test
    void onlyTheAdminKeyMayAccept() {
        assertThat(accept(hex(bob.getLast()), null).status()).isEqualTo(401);
        assertThat(accept(hex(bob.getLast()), "not-a-token").status()).isEqualTo(401);
        RunningNode.Reply stranger = accept(hex(bob.getLast()), node.signIn(BOB));
        assertThat(stranger.status()).isEqualTo(403);
        assertUnchanged();
    }

    @Test
    void aRestartedNodeStillHoldsTheBranchAndItCanBeAcceptedThen() {
        node.close();
        node = null;
        node = new RunningNode(dir, Map.of("chain.enabled", "true"), clock);

        JsonNode head = node.get("/v1/chain/head").json();
        assertThat(head.path("hash").asString()).isEqualTo(hex(alice.getLast()));
        assertThat(head.path("held").path("hash").asString()).isEqualTo(hex(bob.getLast()));
        assertThat(metrics()).contains("pouw_chain_held_reorg_depth 3.0");

        assertThat(accept(hex(bob.getLast()), node.signIn(node.node.adminKey())).status()).isEqualTo(200);
        assertThat(node.get("/v1/chain/head").json().path("hash").asString()).isEqualTo(hex(bob.getLast()));
    }

    private void assertUnchanged() {
        JsonNode head = node.get("/v1/chain/head").json();
        assertThat(head.path("hash").asString()).isEqualTo(hex(alice.getLast()));
        assertThat(head.path("held").path("hash").asString()).isEqualTo(hex(bob.getLast()));
        assertThat(ChainStores.on(node.node.storage()).tip()).contains(chain.hash(alice.getLast()));
        assertThat(chainEvents().stream().filter(e -> e.type().equals("chain.reorg"))).isEmpty();
    }
}
