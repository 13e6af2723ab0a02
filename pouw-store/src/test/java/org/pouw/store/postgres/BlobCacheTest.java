package org.pouw.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlobCacheTest {
    @Test
    void a_cached_blob_comes_back_as_a_copy_the_caller_cannot_change_it() {
        BlobCache cache = new BlobCache(10, 100);
        byte[] content = {1, 2, 3};
        cache.offer("k", content);
        content[0] = 9;
        byte[] first = cache.get("k").orElseThrow();
        assertThat(first).containsExactly(1, 2, 3);
        first[1] = 9;
        assertThat(cache.get("k").orElseThrow()).containsExactly(1, 2, 3);
        assertThat(cache.get("unknown")).isEmpty();
    }

    @Test
    void large_blobs_are_not_kept_and_the_least_recently_read_go_first_when_full() {
        BlobCache cache = new BlobCache(4, 8);
        cache.offer("large", new byte[5]);
        assertThat(cache.get("large")).isEmpty();
        cache.offer("a", new byte[4]);
        cache.offer("b", new byte[4]);
        assertThat(cache.get("a")).isPresent(); // now b was read longest ago
        cache.offer("c", new byte[4]);
        assertThat(cache.get("b")).isEmpty();
        assertThat(cache.get("a")).isPresent();
        assertThat(cache.get("c")).isPresent();
        cache.offer("c", new byte[4]); // offered again: counted once
        assertThat(cache.get("a")).isPresent();
    }
}
