package org.pouw.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.pouw.store.sqlite.SqliteStorage;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Where a database's schema stands — migrations applied and pending — read without changing anything
 * ({@code pouw doctor}): Flyway's info, never its migrate; SQLite is opened read-only and only when its file exists.
 *
 * @param exists  false when the SQLite file is not there yet (the node creates it at its first start)
 * @param current the version of the last applied migration, empty when none
 */
public record SchemaMigrations(boolean exists, Optional<String> current, int applied, int pending) {
    /** Throws {@link org.flywaydb.core.api.FlywayException} (a runtime exception) when the database cannot be read. */
    public static SchemaMigrations of(StorageConfig config) {
        Flyway flyway;
        if (config.backend().equals(StorageConfig.SQLITE)) {
            Path file = config.dataDir().resolve(SqliteStorage.FILE_NAME);
            if (!Files.exists(file)) {
                return new SchemaMigrations(false, Optional.empty(), 0, 0);
            }
            SQLiteConfig readOnly = new SQLiteConfig();
            readOnly.setReadOnly(true);
            SQLiteDataSource dataSource = new SQLiteDataSource(readOnly);
            dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
            flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/sqlite").load();
        } else {
            flyway = Flyway.configure().dataSource(config.jdbcUrl(), config.user(), config.password())
                    .connectRetries(0).locations("classpath:db/migration/postgresql").load();
        }
        MigrationInfoService info = flyway.info();
        MigrationInfo current = info.current();
        return new SchemaMigrations(true,
                current == null ? Optional.empty() : Optional.of(current.getVersion().getVersion()),
                info.applied().length, info.pending().length);
    }
}
