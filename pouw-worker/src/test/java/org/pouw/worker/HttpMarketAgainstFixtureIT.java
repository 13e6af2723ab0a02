package org.pouw.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.client.AuthToken;
import org.pouw.client.NodeException;
import org.pouw.client.PouwClient;
import org.pouw.client.jobs.Lease;
import org.pouw.core.Clock;
import org.pouw.core.job.Tier;
import org.pouw.core.work.WorkFailedException;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.Hex;

/**
 * The worker's {@link HttpMarket} against {@link FixtureNode}: jobs come back in the loop's types, leases fence,
 * rejected proofs are values, blobs are checked. The HTTP underneath (sign-in, tokens, error mapping) is tested
 * with the client in pouw-client.
 */
class HttpMarketAgainstFixtureIT {
    private final Ed25519.KeyPair key = Ed25519.KeyPair.generate();
    private FixtureNode node;
    private PouwClient api;
    private HttpMarket client;

    @BeforeEach
    void startNode() throws Exception {
        node = FixtureNode.start();
        api = new PouwClient(node.uri(), key, Duration.ofSeconds(5), Clock.system());
        client = new HttpMarket(api);
    }

    @AfterEach
    void stopNode() {
        client.close();
        node.close();
    }

    @Test
    void signsInWithASignatureTheNodeVerifies() {
        AuthToken token = api.auth().signIn();
        assertThat(token.token()).isNotEmpty();
        assertThat(token.expiresAtMs()).isGreaterThan(System.currentTimeMillis());
        assertThat(node.hasSignedIn(key.did().toString())).isTrue();
    }

    @Test
    void claimReturnsTheJobWithItsLeaseAndParamsAsJsonText() {
        String id = node.addJob("test", "micro", "{\"segment\":[0,64]}", "ab".repeat(32), new byte[]{1}, 70, 3);
        List<ClaimedJob> jobs = client.claim(List.of("test"), List.of(), 4, 30_000);
        assertThat(jobs).singleElement().satisfies(job -> {
            assertThat(job.jobId()).isEqualTo(id);
            assertThat(job.kind()).isEqualTo("test");
            assertThat(job.tier()).isEqualTo(Tier.MICRO);
            assertThat(job.params()).isEqualTo("{\"segment\":[0,64]}");
            assertThat(job.traceRef()).isEqualTo("ab".repeat(32));
            assertThat(job.rewardBudget()).isEqualTo(70);
            assertThat(job.attempts()).isEqualTo(1);
            assertThat(job.maxRetries()).isEqualTo(3);
            assertThat(job.lease().token()).isNotEmpty();
            assertThat(job.lease().expiresAtMs()).isGreaterThan(System.currentTimeMillis());
        });
        assertThat(client.claim(List.of("test"), List.of(), 4, 30_000)).as("204 when none").isEmpty();
    }

    @Test
    void claimsOnlyTheKindsAndTiersAskedFor() {
        node.addJob("other", new byte[]{1}, 1);
        String macro = node.addJob("test", "macro", "{}", "", new byte[]{1}, 1, 3);
        node.addJob("test", "micro", "{}", "", new byte[]{1}, 1, 3);
        List<ClaimedJob> jobs = client.claim(List.of("test"), List.of("macro"), 5, 30_000);
        assertThat(jobs).extracting(ClaimedJob::jobId).containsExactly(macro);
    }

    @Test
    void renewSubmitAndFailAreFencedByTheLeaseToken() {
        String id = node.addJob("test", "proof".getBytes(StandardCharsets.UTF_8), 10);
        ClaimedJob job = client.claim(List.of("test"), List.of(), 1, 30_000).getFirst();

        Lease renewed = client.renew(id, job.lease().token(), 60_000);
        assertThat(renewed.expiresAtMs()).isGreaterThan(job.lease().expiresAtMs());

        node.stealLease(id);
        assertThatThrownBy(() -> client.renew(id, job.lease().token(), 60_000))
                .isInstanceOfSatisfying(NodeException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo("lease_lost");
                    assertThat(e.isLeaseLost()).isTrue();
                    assertThat(e.isTransient()).isFalse();
                });
        assertThatThrownBy(() -> client.submit(id, job.lease().token(), new byte[]{1}))
                .isInstanceOfSatisfying(NodeException.class, e -> assertThat(e.isLeaseLost()).isTrue());
        assertThatThrownBy(() -> client.fail(id, job.lease().token(), "why"))
                .isInstanceOfSatisfying(NodeException.class, e -> assertThat(e.isLeaseLost()).isTrue());
    }

    @Test
    void submitReturnsAcceptedWithRewardOrRejectedWithTheVerdict() {
        String good = node.addJob("test", "right".getBytes(StandardCharsets.UTF_8), 25);
        String bad = node.addJob("test", "right".getBytes(StandardCharsets.UTF_8), 25);
        List<ClaimedJob> jobs = client.claim(List.of("test"), List.of(), 2, 30_000);
        ClaimedJob first = jobs.stream().filter(job -> job.jobId().equals(good)).findFirst().orElseThrow();
        ClaimedJob second = jobs.stream().filter(job -> job.jobId().equals(bad)).findFirst().orElseThrow();

        SubmitResult accepted = client.submit(good, first.lease().token(), "right".getBytes(StandardCharsets.UTF_8));
        assertThat(accepted.accepted()).isTrue();
        assertThat(accepted.reward()).isEqualTo(25);
        assertThat(accepted.ledgerSeq()).isPositive();

        SubmitResult rejected = client.submit(bad, second.lease().token(), "wrong".getBytes(StandardCharsets.UTF_8));
        assertThat(rejected.accepted()).isFalse();
        assertThat(rejected.reason()).isEqualTo("mismatch");
        assertThat(rejected.detail()).isEqualTo("final state differs");
    }

    /** A job the client holds a lease on: the node serves a worker blobs only through one. */
    private String leasedJob() {
        String id = node.addJob("test", new byte[] {1}, 1);
        assertThat(client.claim(List.of("test"), List.of(), 1, 30_000)).extracting(ClaimedJob::jobId)
                .containsExactly(id);
        return id;
    }

    @Test
    void blobsAreCheckedAgainstTheirKey() {
        byte[] trace = "a trace".getBytes(StandardCharsets.UTF_8);
        String key = node.putBlob(trace);
        String forged = Hex.encode(Blake3.hash("something else".getBytes(StandardCharsets.UTF_8)));
        node.putBlobUnderKey(forged, trace);
        String id = leasedJob();
        VerifiedBlobSource blobs = new VerifiedBlobSource(client, new DownloadedBlobs(1 << 20), id, () -> true,
                Duration.ofMillis(10), Duration.ofMillis(50), new SplittableRandom());

        assertThat(blobs.fetch(key)).isEqualTo(trace);
        assertThat(blobs.fetch(key.toUpperCase())).as("hex in either case").isEqualTo(trace);
        assertThatThrownBy(() -> blobs.fetch(forged)).isInstanceOf(WorkFailedException.class)
                .hasMessageContaining("does not hash to its key");
        assertThatThrownBy(() -> blobs.fetch("00".repeat(32))).isInstanceOf(WorkFailedException.class)
                .hasMessageContaining("not on the node");
        assertThatThrownBy(() -> blobs.fetch("../etc/passwd")).isInstanceOf(WorkFailedException.class)
                .hasMessageContaining("not a BLAKE3 digest");
    }

    @Test
    void blobFetchRidesOutABriefOutage() {
        byte[] trace = "a trace".getBytes(StandardCharsets.UTF_8);
        String key = node.putBlob(trace);
        String id = leasedJob();
        node.failNext(2, 503, null);
        VerifiedBlobSource blobs = new VerifiedBlobSource(client, new DownloadedBlobs(1 << 20), id, () -> true,
                Duration.ofMillis(10), Duration.ofMillis(50), new SplittableRandom());
        assertThat(blobs.fetch(key)).isEqualTo(trace);
    }
}
