package org.pouw.cli.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.client.PouwClient;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Failure scenario 5's upload reserve (docs/failures.md §4): an SQLite node's data folder lives on a small tmpfs the
 * test mounts, and a filler file takes the disk down to a few megabytes below
 * {@code storage.upload_free_space_reserve_mb} — nearly full, not full. Asserted: a dataset upload (its length
 * declared, and again sent chunked so the node learns its size only by reading) is refused with 503
 * {@code storage_full} naming the setting; the refused uploads left nothing behind (the file system's free space and
 * the data folder's files are what they were); a small write (a transfer) still succeeds, which is what the reserve
 * is for; a live scrape counts the refusals; once the filler is deleted the same upload is accepted. Needs root (for
 * the mount): elsewhere it is skipped, saying so.
 */
// The profile's stated budget (one node start and a handful of requests take well under it).
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class UploadReserveFailoverIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long MB = 1024L * 1024L;
    private static final long RESERVE_MB = 24;
    private static final String DATASETS = "/v1/ml/datasets";

    @TempDir
    Path dir;

    private SmallDisk disk;
    private ScenarioNode node;
    private final Ed25519.KeyPair client = Ed25519.KeyPair.generate();

    @BeforeEach
    void mountASmallDisk() throws Exception {
        // 64 MiB: the node's database and keys take a few, the reserve 24, the filler most of the rest.
        disk = SmallDisk.mount(dir.resolve("disk"), 64);
    }

    @AfterEach
    void unmount() throws Exception {
        if (node != null) {
            node.kill();
        }
        if (disk != null) {
            disk.close();
        }
    }

    @Test
    void anUploadBelowTheReserveIsRefusedWith503LeavesNothingAndPassesOnceSpaceReturns() throws Exception {
        node = ScenarioNode.startOn(dir, "a", "disk/a", Map.of("genesis", client.did() + "=1000000",
                "rate_limits.enabled", "false", "storage.upload_free_space_reserve_mb", Long.toString(RESERVE_MB)));
        String token;
        try (PouwClient pouw = new PouwClient(URI.create(node.url()), client, Duration.ofSeconds(30),
                Clock.system())) {
            token = pouw.auth().signIn().token();
        }
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
        // The first upload small: what it leaves in the WAL is all a checkpoint could move into the database file
        // while the free space is measured.
        byte[] first = dataset(1, 256);
        byte[] refusedBytes = dataset(2, 8192);
        ScenarioNode.Reply roomy = node.postBytes(DATASETS, first, false, bearer);
        assertThat(roomy.status()).as("an upload while the disk has room: " + roomy.body()).isEqualTo(201);

        // Down to 4 MiB below the reserve: far from ENOSPC, so a refusal is the reserve's, not the disk's.
        long target = RESERVE_MB * MB - 4 * MB;
        FillerFile.take(disk.path().resolve("filler"), disk.usableBytes() - target);
        long freeBefore = disk.usableBytes();
        assertThat(freeBefore).as("the filler left the disk below the reserve, not full")
                .isBetween(target - 2 * MB, RESERVE_MB * MB - MB);
        List<String> filesBefore = files();

        ScenarioNode.Reply declared = node.postBytes(DATASETS, refusedBytes, false, bearer);
        ScenarioNode.Reply chunked = node.postBytes(DATASETS, refusedBytes, true, bearer);
        for (ScenarioNode.Reply reply : List.of(declared, chunked)) {
            assertThat(reply.status()).as("an upload below the reserve: " + reply.body()).isEqualTo(503);
            JsonNode error = JSON.readTree(reply.body()).path("error");
            assertThat(error.path("code").asString()).isEqualTo("storage_full");
            assertThat(error.path("message").asString()).as("the reason names the reserve")
                    .contains("storage.upload_free_space_reserve_mb = " + RESERVE_MB + " MB");
        }
        long freeAfter = disk.usableBytes();
        assertThat(freeBefore - freeAfter).as("nothing of the refused uploads (" + refusedBytes.length
                + " bytes each) was written").isLessThan(refusedBytes.length / 4);
        assertThat(files()).as("no partial file left in the data folder").isEqualTo(filesBefore);
        assertThat(node.metric("pouw_upload_reserve_refusals_total")).as("a live scrape counts the refusals")
                .isEqualTo(2);

        ScenarioNode.Reply transfer = node.post("/v1/ledger/transfers", "{\"to\":\""
                + Ed25519.KeyPair.generate().did() + "\",\"amount\":1,\"idempotency_key\":\"under-reserve\"}", bearer);
        assertThat(transfer.status()).as("a small write goes on below the reserve: " + transfer.body())
                .isEqualTo(200);

        Files.delete(disk.path().resolve("filler"));
        ScenarioNode.Reply back = node.postBytes(DATASETS, refusedBytes, false, bearer);
        assertThat(back.status()).as("the refused upload once space is back: " + back.body()).isEqualTo(201);

        System.out.printf("FAILOVER upload reserve: %d MB reserve; %.1f MB free after the filler; a %.1f MB dataset"
                        + " refused with 503 storage_full (declared and chunked), %d bytes of free space used"
                        + " meanwhile (the node's own writes); accepted once the filler was deleted%n", RESERVE_MB,
                freeBefore / (double) MB, refusedBytes.length / (double) MB, freeBefore - freeAfter);
    }

    /** A dataset of {@code records} records of 64 features (8,192 are about 2 MiB), different per seed. */
    private static byte[] dataset(long seed, int records) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] features = new float[records][64];
        int[] labels = new int[features.length];
        for (int i = 0; i < features.length; i++) {
            for (int j = 0; j < features[i].length; j++) {
                features[i][j] = (float) random.nextDouble();
            }
            labels[i] = i % 2;
        }
        return DatasetCodec.encode(Dataset.of(features, labels, 2));
    }

    /** The data folder's files (names, not sizes: the node's own writes go on). */
    private List<String> files() throws Exception {
        try (Stream<Path> walk = Files.walk(disk.path().resolve("a"))) {
            return walk.map(path -> disk.path().relativize(path).toString()).sorted().toList();
        }
    }
}
