package org.pouw.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.pouw.crypto.KeyFile;
import org.pouw.node.config.NodeConfig;
import org.pouw.store.HistoryHead;
import org.pouw.store.RestoreEpoch;
import org.pouw.store.StorageConfig;
import org.pouw.store.sqlite.SqliteSnapshot;
import org.pouw.store.sqlite.SqliteStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pouw backup}: a consistent copy of a node's SQLite data folder while the node runs (issue 24, scenario 6).
 * The database is copied by {@link SqliteSnapshot} as of one commit, whatever the node writes meanwhile; the other
 * files of the folder's top level (the node's keys, the chain's genesis) are copied as they are; a
 * {@link BackupManifest} written last lists every file's SHA-256 and where the copy's ledger ends.
 */
@Command(name = "backup", description = "Copy a node's SQLite data folder into a new folder while the node runs:"
        + " the database as of one commit (VACUUM INTO), the keys beside it, and a manifest of SHA-256 digests that"
        + " 'pouw restore' checks. The copy holds the node's secret keys: keep it as safe as the node. PostgreSQL:"
        + " use pg_basebackup (docs/runbook.md).")
final class BackupCommand implements Callable<Integer> {
    /** The database's own files, copied by the snapshot, and the running node's marker, never copied. */
    static final List<String> NOT_COPIED = List.of(SqliteStorage.FILE_NAME, SqliteStorage.FILE_NAME + "-wal",
            SqliteStorage.FILE_NAME + "-shm", SqliteStorage.FILE_NAME + "-journal", NodeCommand.PID_FILE);

    @Mixin
    NodeOptions options;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "the backup folder; must not exist")
    Path out;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws IOException {
        NodeConfig config = options.load();
        requireSqlite(config, "pouw backup");
        Path dataDir = config.dataDir();
        if (!Files.isRegularFile(dataDir.resolve(SqliteStorage.FILE_NAME))) {
            throw new CommandFailed("no_database", "no node database in " + dataDir + " (no "
                    + SqliteStorage.FILE_NAME + ")", ExitCodes.CONFIG);
        }
        if (Files.exists(out)) {
            throw new CommandFailed("backup_exists", "--out " + out + " exists already: a backup goes into a new"
                    + " folder", ExitCodes.REFUSED);
        }
        long started = System.nanoTime();
        Files.createDirectories(out);
        try {
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException notPosix) {
            // the folder keeps its default permissions where the file system has none of its own
        }
        SqliteSnapshot.copy(dataDir, out.resolve(SqliteStorage.FILE_NAME));
        Map<String, BackupManifest.FileDigest> files = new LinkedHashMap<>();
        files.put(SqliteStorage.FILE_NAME, BackupManifest.FileDigest.of(out.resolve(SqliteStorage.FILE_NAME)));
        for (Path file : topLevelFiles(dataDir)) {
            Path copy = out.resolve(file.getFileName());
            Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
            files.put(file.getFileName().toString(), BackupManifest.FileDigest.of(copy));
        }
        HistoryHead head = SqliteSnapshot.head(out.resolve(SqliteStorage.FILE_NAME));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        BackupManifest manifest = new BackupManifest(StorageConfig.SQLITE, System.currentTimeMillis(),
                nodeDid(dataDir), head.ledgerSeq(), head.ledgerHash(), head.eventSeq(),
                RestoreEpoch.text(head.restoreEpoch()), tookMs, files);
        manifest.writeTo(out);
        ObjectNode data = manifest.json().put("event", "backed_up").put("backup", out.toAbsolutePath().toString());
        new Printer(json).print(data, String.format("backup of %s in %s (%d ms): ledger to entry %d (%s…), events to"
                        + " %d, %d files, database %d bytes", dataDir, out, tookMs, head.ledgerSeq(),
                head.ledgerHash().isEmpty() ? "empty" : head.ledgerHash().substring(0, 12), head.eventSeq(),
                files.size(), files.get(SqliteStorage.FILE_NAME).bytes()));
        return ExitCodes.OK;
    }

    /** Backup and restore handle an SQLite data folder; PostgreSQL has its own tools (docs/runbook.md). */
    static void requireSqlite(NodeConfig config, String command) {
        if (!StorageConfig.SQLITE.equals(config.storageBackend())) {
            throw new CommandFailed("unsupported_backend", command + " handles an SQLite data folder; this node's"
                    + " storage.backend is " + config.storageBackend() + ": back PostgreSQL up with pg_basebackup and"
                    + " pg_verifybackup, and restore it from them (docs/runbook.md, \"Backup and restore\")",
                    ExitCodes.CONFIG);
        }
    }

    /** The regular files at the top of the data folder that are not the database's own. */
    static List<Path> topLevelFiles(Path dataDir) throws IOException {
        try (Stream<Path> listed = Files.list(dataDir)) {
            return listed.filter(Files::isRegularFile)
                    .filter(file -> !NOT_COPIED.contains(file.getFileName().toString()))
                    .filter(file -> !file.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }

    /** The DID of the node's admin key if it lives in the data folder, else "" (a key kept elsewhere). */
    static String nodeDid(Path folder) {
        Path key = folder.resolve("admin.key");
        if (!Files.isRegularFile(key)) {
            return "";
        }
        try {
            return KeyFile.load(key).did().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key, e);
        }
    }
}
