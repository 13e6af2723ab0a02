package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pouw.core.port.Storage;
import org.pouw.core.port.StoreTx;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Hex;

/** What every {@link org.pouw.core.port.BlobStore} adapter must do, run against each database by a subclass. */
public abstract class BlobStoreContract extends StorageTestBase {

    @Test
    void a_blob_is_stored_under_the_hex_blake3_of_its_bytes() {
        byte[] content = "a trace".getBytes(StandardCharsets.UTF_8);
        String key = storage.blobs().put(content);
        assertThat(key).isEqualTo(Hex.encode(Blake3.hash(content)));
        assertThat(storage.blobs().get(key)).hasValue(content);
    }

    @Test
    void putting_the_same_bytes_again_is_harmless() {
        byte[] content = {1, 2, 3};
        String key = storage.blobs().put(content);
        assertThat(storage.blobs().put(content.clone())).isEqualTo(key);
        assertThat(storage.blobs().get(key)).hasValue(content);
    }

    @Test
    void unknown_and_malformed_keys_find_nothing() {
        assertThat(storage.blobs().get(Hex.encode(Blake3.hash(new byte[] {9})))).isEmpty();
        assertThat(storage.blobs().get("not-a-key")).isEmpty();
        assertThat(storage.blobs().get("")).isEmpty();
        assertThat(storage.blobs().get(null)).isEmpty();
    }

    @Test
    void empty_and_large_blobs_round_trip() {
        byte[] large = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(large);
        String emptyKey = storage.blobs().put(new byte[0]);
        String largeKey = storage.blobs().put(large);
        assertThat(storage.blobs().get(emptyKey)).hasValue(new byte[0]);
        assertThat(storage.blobs().get(largeKey)).hasValue(large);
    }

    @Test
    void a_put_inside_a_write_transaction_is_kept() {
        byte[] content = "proof".getBytes(StandardCharsets.UTF_8);
        String key = storage.write((StoreTx tx) -> storage.blobs().put(content));
        assertThat(storage.blobs().get(key)).hasValue(content);
    }

    @Test
    void a_blob_put_through_a_transaction_commits_and_rolls_back_with_it() {
        byte[] kept = "kept with its settlement".getBytes(StandardCharsets.UTF_8);
        byte[] lost = "lost with its rollback".getBytes(StandardCharsets.UTF_8);
        String keptKey = storage.write((StoreTx tx) -> {
            String key = tx.blobs().put(kept);
            assertThat(tx.blobs().get(key)).as("visible inside its own transaction").hasValue(kept);
            return key;
        });
        String lostKey = Hex.encode(Blake3.hash(lost));
        try {
            storage.write((StoreTx tx) -> {
                tx.blobs().put(lost);
                throw new IllegalStateException("settlement failed");
            });
        } catch (IllegalStateException expected) {
            // the blob must go with it
        }
        assertThat(storage.read((StoreTx tx) -> tx.blobs().get(keptKey))).hasValue(kept);
        assertThat(storage.blobs().get(keptKey)).hasValue(kept);
        assertThat(storage.blobs().get(lostKey)).isEmpty();
        assertThat(storage.read((StoreTx tx) -> tx.blobs().get("not-a-key"))).isEmpty();
    }

    @Test
    void a_batch_of_puts_returns_each_key_in_order_and_commits_and_rolls_back_with_its_transaction() {
        byte[] first = "first proof".getBytes(StandardCharsets.UTF_8);
        byte[] second = "second proof".getBytes(StandardCharsets.UTF_8);
        String known = storage.blobs().put(second);
        List<String> keys = storage.write((StoreTx tx) -> tx.blobs().putAll(List.of(first, second, first.clone(),
                new byte[0])));
        assertThat(keys).containsExactly(Hex.encode(Blake3.hash(first)), known, Hex.encode(Blake3.hash(first)),
                Hex.encode(Blake3.hash(new byte[0])));
        assertThat(storage.blobs().get(keys.get(0))).hasValue(first);
        assertThat(storage.blobs().get(keys.get(3))).hasValue(new byte[0]);
        assertThat(storage.write((StoreTx tx) -> tx.blobs().putAll(List.of()))).isEmpty();

        byte[] lost = "lost with its rollback".getBytes(StandardCharsets.UTF_8);
        try {
            storage.write((StoreTx tx) -> {
                tx.blobs().putAll(List.of(lost, first));
                throw new IllegalStateException("settlement failed");
            });
        } catch (IllegalStateException expected) {
            // the blobs must go with it
        }
        assertThat(storage.blobs().get(Hex.encode(Blake3.hash(lost)))).isEmpty();
        assertThat(storage.blobs().get(keys.get(0))).hasValue(first);
    }

    @Test
    void every_storage_on_the_database_sees_the_blobs_of_the_others() {
        try (Storage other = database.open()) {
            String key = other.blobs().put("shared".getBytes(StandardCharsets.UTF_8));
            assertThat(storage.blobs().get(key)).hasValue("shared".getBytes(StandardCharsets.UTF_8));
        }
    }
}
