package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.vm.Samples;
import tools.jackson.databind.node.ObjectNode;

/** The three pouw_modes of §2: who proves the jobs, and that every mode verifies and pays through the market. */
class ModesIT {
    @TempDir
    Path dir;

    final Ed25519.KeyPair client = Ed25519.KeyPair.generate();

    ObjectNode intent() {
        ObjectNode body = RunningNode.JSON.createObjectNode().put("program", Samples.source("fibonacci"));
        body.putArray("inputs").add(30);
        return body.put("max_steps", 10_000).put("tier", "micro").put("fee", 300);
    }

    @Test
    void disabledModeProvesInlineBeforeAnswering() {
        try (RunningNode node = new RunningNode(dir, Map.of("pouw_mode", "disabled", "intents.segment_steps", "50",
                "genesis", client.did() + "=1000"), Clock.system())) {
            String token = node.signIn(client);
            RunningNode.Reply created = node.post("/v1/intents", intent(), token);
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.json().path("status").asString()).isEqualTo("proven");
            assertThat(created.json().path("job_ids").size()).isGreaterThan(1);
            String nodeDid = node.node.adminKey().did().toString();
            assertThat(node.get("/v1/ledger/accounts/" + nodeDid).json().path("balance").asLong())
                    .as("4 jobs of fee 75, each paying floor(90%) = 67").isEqualTo(268);
            RunningNode.Reply claim = node.post("/v1/pouw/jobs/claim", "{}", token);
            assertThat(claim.status()).isEqualTo(409);
            assertThat(claim.json().path("error").path("message").asString()).contains("disabled");
        }
    }

    @Test
    void localModeProvesThroughTheNodesOwnWorkerPool() {
        try (RunningNode node = new RunningNode(dir, Map.of("pouw_mode", "local", "workers.local_workers", "2",
                "intents.segment_steps", "50", "genesis", client.did() + "=1000"), Clock.system())) {
            String token = node.signIn(client);
            RunningNode.Reply created = node.post("/v1/intents", intent(), token);
            String intentId = created.json().path("intent_id").asString();
            await().atMost(Duration.ofSeconds(30)).until(() -> node.get("/v1/intents/" + intentId, token).json()
                    .path("status").asString().equals("proven"));
            assertThat(node.get("/v1/pouw/pool").json().path("total_paid").asLong()).isEqualTo(268);
            assertThat(node.get("/v1/pouw/system/status").json().path("pouw_mode").asString()).isEqualTo("local");
        }
    }

    @Test
    void remoteModeLeavesJobsForExternalWorkers() {
        try (RunningNode node = new RunningNode(dir, Map.of("pouw_mode", "remote", "genesis", client.did() + "=1000"),
                Clock.system())) {
            RunningNode.Reply created = node.post("/v1/intents", intent(), node.signIn(client));
            assertThat(created.json().path("status").asString()).isEqualTo("proving");
            assertThat(node.get("/v1/pouw/jobs/pending").json().path("jobs").size()).isEqualTo(1);
        }
    }
}
