package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Blake3;
import org.pouw.ml.wire.Bytes32;
import org.pouw.store.ChainStores;
import org.pouw.store.jdbc.SqlChainDatasets;

/** The chain's dataset index, run against every adapter (SQLite here, PostgreSQL in an IT). */
public abstract class ChainDatasetsContract extends StorageTestBase {
    private SqlChainDatasets datasets;

    @BeforeEach
    void openDatasets() {
        datasets = ChainStores.datasets(storage);
    }

    private static Bytes32 id(String label) {
        return Bytes32.of(Blake3.hash(label.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anUnknownDatasetIsNotHeld() {
        assertThat(datasets.encoded(id("nothing"))).isEmpty();
        assertThat(datasets.holds(id("nothing"))).isFalse();
    }

    @Test
    void aStoredDatasetComesBackByItsIdAndItsBytesAreABlob() {
        byte[] records = "PMLD records of a".getBytes(StandardCharsets.UTF_8);
        String key = datasets.store(id("a"), records);

        assertThat(datasets.encoded(id("a"))).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(records));
        assertThat(datasets.holds(id("a"))).isTrue();
        assertThat(storage.blobs().get(key)).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(records));
        assertThat(datasets.encoded(id("b"))).isEmpty();
    }

    @Test
    void storingAnIdAgainKeepsTheFirstRecords() {
        byte[] first = "first".getBytes(StandardCharsets.UTF_8);
        datasets.store(id("a"), first);
        datasets.store(id("a"), "second".getBytes(StandardCharsets.UTF_8));

        assertThat(datasets.encoded(id("a"))).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(first));
    }

    @Test
    void twoIdsMayShareOneBlob() {
        byte[] same = "same records".getBytes(StandardCharsets.UTF_8);
        String one = datasets.store(id("a"), same);
        String two = datasets.store(id("b"), same);

        assertThat(one).isEqualTo(two);
        assertThat(datasets.encoded(id("b"))).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(same));
    }
}
