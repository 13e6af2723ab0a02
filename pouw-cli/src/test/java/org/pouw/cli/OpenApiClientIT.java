package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.cli.generated.ApiClient;
import org.pouw.cli.generated.ApiException;
import org.pouw.cli.generated.api.DefaultApi;
import org.pouw.cli.generated.model.CreateLoginChallengeRequest;
import org.pouw.cli.generated.model.CreateLoginTokenRequest;
import org.pouw.cli.generated.model.Intent;
import org.pouw.cli.generated.model.IntentCreated;
import org.pouw.cli.generated.model.SubmitIntentRequest;
import org.pouw.cli.generated.model.SubmitIntentRequestInputsInner;
import org.pouw.crypto.Ed25519;

/**
 * A Java client generated from docs/openapi.yaml (openapi-generator, into the test sources only; pouw-cli's pom)
 * against a node started as {@code pouw node start} (issue 25 §2.7): the document is good enough to sign in, post
 * an intent, read it back and get the documented errors, with nothing but what the generator made of it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiClientIT {
    /** r2 = r0 + 5, so the input 2 gives 7. */
    private static final String PROGRAM = "li r1 5\nadd r2 r0 r1\nhalt\n";

    @TempDir
    static Path dir;
    private Process node;
    private String url;
    private final Ed25519.KeyPair key = Ed25519.KeyPair.generate();

    @BeforeAll
    void startNode() throws Exception {
        int port = CliProcess.freePort();
        url = "http://127.0.0.1:" + port;
        node = CliProcess.start(dir, dir.resolve("node.log"), "node", "start", "--mode", "remote", "--port",
                String.valueOf(port), "--data-dir", "data");
        await().atMost(CliProcess.timeout()).ignoreExceptions().until(() -> {
            anonymous().getHealth();
            return true;
        });
    }

    @AfterAll
    void stopNode() throws Exception {
        if (node != null) {
            node.destroy();
            if (!node.waitFor(30, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
    }

    @Test
    void healthAndReadinessAnswerAsDocumented() throws Exception {
        assertThat(anonymous().getHealth().getStatus().getValue()).isEqualTo("alive");
        assertThat(anonymous().getReadiness().getStatus().getValue()).isEqualTo("ready");
    }

    @Test
    void anIntentPostedThroughTheGeneratedClientIsReadBack() throws Exception {
        DefaultApi api = signedIn();
        IntentCreated created = api.submitIntent(null, new SubmitIntentRequest().program(PROGRAM)
                .inputs(List.of(new SubmitIntentRequestInputsInner("2"))).maxSteps(100L).fee(0L));
        assertThat(created.getIntentId()).isNotBlank();
        assertThat(created.getOutput()).as("r2 = 2 + 5").element(2).isEqualTo("7");
        assertThat(created.getJobIds()).isNotEmpty();

        Intent read = api.getIntent(created.getIntentId());
        assertThat(read.getIntentId()).isEqualTo(created.getIntentId());
        assertThat(read.getOutput()).isEqualTo(created.getOutput());
        assertThat(read.getRequester()).isEqualTo(key.did().toString());
        assertThat(read.getJobIds()).isEqualTo(created.getJobIds());
    }

    @Test
    void theDocumentedErrorsComeBackAsApiExceptions() throws Exception {
        SubmitIntentRequest intent = new SubmitIntentRequest().program(PROGRAM).maxSteps(100L);
        assertThatThrownBy(() -> anonymous().submitIntent(null, intent))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(401);
                    assertThat(e.getResponseBody()).contains("\"code\":\"unauthorized\"");
                });
        assertThatThrownBy(() -> signedIn().getIntent("00".repeat(32)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getResponseBody()).contains("\"code\":\"not_found\"");
                });
        SubmitIntentRequest noSteps = new SubmitIntentRequest().program(PROGRAM).maxSteps(-1L);
        assertThatThrownBy(() -> signedIn().submitIntent(null, noSteps))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(e.getResponseBody()).contains("\"field\":\"max_steps\"");
                });
    }

    private DefaultApi anonymous() {
        ApiClient client = new ApiClient();
        client.updateBaseUri(url);
        return new DefaultApi(client);
    }

    /** The challenge → signature → token exchange, through the generated operations only. */
    private DefaultApi signedIn() throws ApiException {
        String did = key.did().toString();
        String challenge = anonymous().createLoginChallenge(new CreateLoginChallengeRequest().did(did)).getChallenge();
        String signature = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(key.sign(("pouw-auth-v1:" + challenge).getBytes(StandardCharsets.UTF_8)));
        String token = anonymous().createLoginToken(new CreateLoginTokenRequest().did(did).challenge(challenge)
                .signature(signature)).getToken();
        ApiClient client = new ApiClient();
        client.updateBaseUri(url);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return new DefaultApi(client);
    }
}
