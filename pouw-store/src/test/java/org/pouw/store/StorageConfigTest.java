package org.pouw.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StorageConfigTest {
    @Test
    void the_embedded_default_is_sqlite_in_the_data_folder() {
        StorageConfig config = StorageConfig.sqlite(Path.of("data"));
        assertThat(config.backend()).isEqualTo("sqlite");
        assertThat(config.poolSize()).isEqualTo(StorageConfig.DEFAULT_SQLITE_READERS);
        assertThat(config.sqliteBusyTimeoutMs()).isEqualTo(10_000);
    }

    @Test
    void each_wrong_setting_is_named() {
        assertThatThrownBy(() -> new StorageConfig("mysql", null, null, null, null, 4, 10_000))
                .hasMessageContaining("storage.backend").hasMessageContaining("mysql");
        assertThatThrownBy(() -> new StorageConfig(null, null, null, null, null, 4, 10_000))
                .hasMessageContaining("storage.backend");
        assertThatThrownBy(() -> new StorageConfig("sqlite", null, null, null, null, 4, 10_000))
                .hasMessageContaining("storage.data_dir");
        assertThatThrownBy(() -> StorageConfig.postgresql("jdbc:mysql://x/y", "u", "p", 4))
                .hasMessageContaining("storage.jdbc_url");
        assertThatThrownBy(() -> StorageConfig.postgresql("jdbc:postgresql://x/y", " ", "p", 4))
                .hasMessageContaining("storage.user");
        assertThatThrownBy(() -> StorageConfig.postgresql("jdbc:postgresql://x/y", "u", "p", 0))
                .hasMessageContaining("storage.pool_size").hasMessageContaining("0");
        assertThatThrownBy(() -> StorageConfig.sqlite(Path.of("data")).withSqliteBusyTimeoutMs(0))
                .hasMessageContaining("storage.sqlite_busy_timeout_ms").hasMessageContaining("0");
    }

    @Test
    void the_password_is_never_printed() {
        assertThat(StorageConfig.postgresql("jdbc:postgresql://db/pouw", "node", "s3cret", 8).toString())
                .contains("jdbc:postgresql://db/pouw").contains("node").doesNotContain("s3cret");
    }
}
