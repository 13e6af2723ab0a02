package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.data.ByteTextReader;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One name for one thing (issue 25 §2.4): {@code GET /v1/ml/tasks/{id}} takes the task's intent id or its task id
 * (the task blob's hash). While a task id names one intent it answers that task; once the same task is posted again
 * it names two, and the node refuses it with 409 naming both intent ids instead of picking one. The intent ids go
 * on answering, each its own task.
 */
class MlTaskNamesIT {
    private static final Dataset TRAIN = ByteTextReader.read(text(600, 1), "train", 8, 2);
    private static final Dataset HELD_OUT = ByteTextReader.read(text(200, 2), "held-out", 8, 4);

    @TempDir
    Path dir;

    final Ed25519.KeyPair client = Ed25519.KeyPair.generate();

    @Test
    void a_task_id_answers_while_it_names_one_intent_and_is_refused_naming_both_once_posted_twice() {
        try (RunningNode node = new RunningNode(dir, Map.of("genesis", client.did() + "=10000"), Clock.system())) {
            String token = node.signIn(client);
            String train = upload(node, DatasetCodec.encode(TRAIN), token);
            String heldOut = upload(node, DatasetCodec.encode(HELD_OUT), token);

            JsonNode first = post(node, token, train, heldOut);
            String taskId = first.path("task_id").asString();
            String firstIntent = first.path("intent_id").asString();
            assertThat(taskId).isNotEqualTo(firstIntent);

            RunningNode.Reply byTaskId = node.get("/v1/ml/tasks/" + taskId);
            assertThat(byTaskId.status()).as(byTaskId.json().toString()).isEqualTo(200);
            assertThat(byTaskId.json().path("intent_id").asString()).isEqualTo(firstIntent);
            assertThat(byTaskId.json().path("task_id").asString()).isEqualTo(taskId);
            assertThat(node.get("/v1/ml/tasks/" + firstIntent).json().path("task_id").asString()).isEqualTo(taskId);

            JsonNode second = post(node, token, train, heldOut);
            String secondIntent = second.path("intent_id").asString();
            assertThat(second.path("task_id").asString()).as("the same task blob").isEqualTo(taskId);
            assertThat(secondIntent).isNotEqualTo(firstIntent);

            RunningNode.Reply ambiguous = node.get("/v1/ml/tasks/" + taskId);
            assertThat(ambiguous.status()).isEqualTo(409);
            JsonNode error = ambiguous.json().path("error");
            assertThat(error.path("code").asString()).isEqualTo("conflict");
            assertThat(error.path("field").asString()).isEqualTo("id");
            assertThat(error.path("message").asString()).contains(firstIntent, secondIntent);
            assertThat(node.get("/v1/ml/tasks/" + taskId + "/model", token).status()).isEqualTo(409);

            assertThat(node.get("/v1/ml/tasks/" + firstIntent).json().path("intent_id").asString())
                    .isEqualTo(firstIntent);
            assertThat(node.get("/v1/ml/tasks/" + secondIntent).json().path("intent_id").asString())
                    .isEqualTo(secondIntent);
            RunningNode.Reply unknown = node.get("/v1/ml/tasks/" + "ab".repeat(32));
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json().path("error").path("code").asString()).isEqualTo("not_found");
        }
    }

    private static JsonNode post(RunningNode node, String token, String train, String heldOut) {
        ObjectNode spec = RunningNode.JSON.createObjectNode().put("architecture", "transformer:8-256-16-2-1")
                .put("optimizer", "adamw").put("learning_rate", 0.003).put("batch", 8).put("seed", 5)
                .put("steps", 10).put("target_accuracy", 0.3).put("fee", 100);
        RunningNode.Reply created = node.post("/v1/ml/tasks", RunningNode.JSON.createObjectNode()
                .<ObjectNode>set("spec", spec).put("train_blob", train).put("held_out_blob", heldOut), token);
        assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
        return created.json();
    }

    private static String upload(RunningNode node, byte[] bytes, String token) {
        return node.send(HttpRequest.newBuilder(URI.create(node.base + "/v1/ml/datasets"))
                .header("Content-Type", "application/octet-stream").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))).json().path("blob").asString();
    }

    private static byte[] text(int bytes, long seed) {
        String[] words = {"a", "task", "named", "twice", "is", "two", "intents"};
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        StringBuilder out = new StringBuilder();
        while (out.length() < bytes) {
            out.append(words[random.nextInt(words.length)]).append(' ');
        }
        return out.substring(0, bytes).getBytes(StandardCharsets.US_ASCII);
    }
}
