package org.pouw.cli;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pouw.core.ledger.LedgerAudit;
import org.pouw.node.config.NodeConfig;
import org.pouw.store.HistoryHead;
import org.pouw.store.RestoreEpoch;
import org.pouw.store.StorageConfig;
import org.pouw.store.sqlite.SqliteSnapshot;
import org.pouw.store.sqlite.SqliteStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pouw restore}: puts a {@code pouw backup} back as a stopped node's data folder (issue 24, scenario 6).
 *
 * <p>Every check comes before anything of the data folder is touched, so a refused restore changes nothing: the
 * node must not run from the folder; the backup must have its manifest, every file its size and SHA-256, the
 * database SQLite's integrity check, the ledger the audit of {@code pouw ledger verify} and the head the manifest
 * names; and the backup must be of this node (its admin key), not another's. The restore is built beside the folder,
 * given a new {@link RestoreEpoch} (challenges redeemed after the backup can not be redeemed again; event readers
 * see the history changed), and swapped in by two renames; the folder it replaces is kept beside it.
 */
@Command(name = "restore", description = "Put a 'pouw backup' back as a stopped node's SQLite data folder. Checks"
        + " first and changes nothing if a check fails: the node is not running, every file matches the backup's"
        + " manifest, the database passes SQLite's integrity check and the ledger audit, the backup is this node's."
        + " Then gives the database a new restore epoch and swaps it in; the replaced folder is kept beside it."
        + " PostgreSQL (no --from: the cluster is restored by pg_basebackup's copy and archived WAL first): checks"
        + " that no node is connected, recovery has ended and the ledger passes the audit, then gives the database"
        + " a new restore epoch. Exit 5 if the backup is refused, 1 if a node runs.")
final class RestoreCommand implements Callable<Integer> {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @Mixin
    NodeOptions options;

    @Option(names = "--from", paramLabel = "DIR", description = "the backup folder (SQLite; PostgreSQL takes none)")
    Path from;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws IOException {
        NodeConfig config = options.load();
        if (StorageConfig.POSTGRESQL.equals(config.storageBackend())) {
            if (from != null) {
                throw new CommandFailed("usage", "--from is for an SQLite backup folder: restore a PostgreSQL"
                        + " cluster with its own tools, then run 'pouw restore' without --from (docs/runbook.md)",
                        ExitCodes.USAGE);
            }
            return PostgresRestore.run(config, json);
        }
        BackupCommand.requireSqlite(config, "pouw restore");
        if (from == null) {
            throw new CommandFailed("usage", "--from names the backup folder to restore", ExitCodes.USAGE);
        }
        Path dataDir = config.dataDir().toAbsolutePath().normalize();
        refuseWhileRunning(dataDir);
        BackupManifest manifest = BackupManifest.readFrom(from);
        if (!StorageConfig.SQLITE.equals(manifest.backend())) {
            throw refused("backup_mismatch", "the backup is of a " + manifest.backend() + " node, not sqlite");
        }
        if (!manifest.files().containsKey(SqliteStorage.FILE_NAME)) {
            throw refused("backup_corrupted", "the manifest lists no " + SqliteStorage.FILE_NAME);
        }
        for (Map.Entry<String, BackupManifest.FileDigest> file : manifest.files().entrySet()) {
            Path copy = from.resolve(file.getKey());
            if (!Files.isRegularFile(copy)) {
                throw refused("backup_corrupted", copy + " is missing");
            }
            BackupManifest.FileDigest found = BackupManifest.FileDigest.of(copy);
            if (!found.equals(file.getValue())) {
                throw refused("backup_corrupted", copy + " does not match the manifest (" + found.bytes()
                        + " bytes, SHA-256 " + found.sha256() + "; the manifest says " + file.getValue().bytes()
                        + " bytes, " + file.getValue().sha256() + ")");
            }
        }
        String ownDid = BackupCommand.nodeDid(dataDir);
        if (!ownDid.isEmpty() && !manifest.nodeDid().isEmpty() && !ownDid.equals(manifest.nodeDid())) {
            throw refused("backup_mismatch", "the backup is of node " + manifest.nodeDid() + ", the data folder "
                    + dataDir + " is node " + ownDid + "'s (move the folder away to restore another node into it)");
        }

        Path staging = dataDir.resolveSibling(dataDir.getFileName() + ".restoring");
        deleteTree(staging); // what a restore that died before its swap left
        long epoch;
        try {
            Files.createDirectories(staging);
            for (String name : manifest.files().keySet()) {
                Files.copy(from.resolve(name), staging.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
            }
            epoch = checkAndRotate(staging, manifest);
        } catch (RuntimeException | IOException refusedOrFailed) {
            deleteTree(staging);
            throw refusedOrFailed;
        }

        refuseWhileRunning(dataDir); // a node started while the checks ran
        Path replaced = null;
        if (Files.exists(dataDir)) {
            replaced = dataDir.resolveSibling(dataDir.getFileName() + ".before-restore-"
                    + LocalDateTime.now(ZoneOffset.UTC).format(STAMP));
            Files.move(dataDir, replaced, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staging, dataDir, StandardCopyOption.ATOMIC_MOVE);

        ObjectNode data = JsonMapper.builder().build().createObjectNode().put("event", "restored")
                .put("data_dir", dataDir.toString()).put("from", from.toAbsolutePath().toString())
                .put("ledger_seq", manifest.ledgerSeq()).put("ledger_hash", manifest.ledgerHash())
                .put("event_seq", manifest.eventSeq()).put("restore_epoch", RestoreEpoch.text(epoch))
                .put("replaced", replaced == null ? "" : replaced.toString());
        new Printer(json).print(data, String.format("restored %s from %s: ledger to entry %d, events to %d, restore"
                        + " epoch %s%s", dataDir, from, manifest.ledgerSeq(), manifest.eventSeq(),
                RestoreEpoch.text(epoch), replaced == null ? "" : "; the folder it replaced is " + replaced));
        return ExitCodes.OK;
    }

    /**
     * The staged copy's database checked whole — SQLite's integrity check, the ledger audit, the head the manifest
     * names — then given a new restore epoch. Opening it migrates a backup of an older build, as a node's start would.
     */
    private static long checkAndRotate(Path staging, BackupManifest manifest) {
        List<String> problems = SqliteSnapshot.problems(staging.resolve(SqliteStorage.FILE_NAME));
        if (!problems.isEmpty()) {
            throw refused("backup_corrupted", "the backup's database fails SQLite's integrity check: "
                    + String.join("; ", problems));
        }
        HistoryHead head = SqliteSnapshot.head(staging.resolve(SqliteStorage.FILE_NAME));
        if (head.ledgerSeq() != manifest.ledgerSeq() || !head.ledgerHash().equals(manifest.ledgerHash())) {
            throw refused("backup_mismatch", "the backup's ledger ends at entry " + head.ledgerSeq() + " ("
                    + head.ledgerHash() + "), its manifest says " + manifest.ledgerSeq() + " ("
                    + manifest.ledgerHash() + ")");
        }
        try (SqliteStorage storage = SqliteStorage.open(staging, 1)) {
            LedgerAudit.Report audit = new LedgerAudit(storage).run();
            if (!audit.balanced()) {
                throw refused("backup_ledger_broken", "the backup's ledger fails the audit: "
                        + String.join("; ", audit.problems()));
            }
            return storage.writeSql(RestoreEpoch::rotate);
        }
    }

    private static void refuseWhileRunning(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve(NodeCommand.PID_FILE);
        if (!Files.exists(pidFile)) {
            return;
        }
        String[] fields = Files.readString(pidFile).strip().split("\\s+");
        boolean alive = !fields[0].isEmpty() && fields[0].chars().allMatch(Character::isDigit)
                && ProcessHandle.of(Long.parseLong(fields[0])).map(ProcessHandle::isAlive).orElse(false);
        if (alive) {
            throw new CommandFailed("node_running", "a node (pid " + fields[0] + ") runs from " + dataDir
                    + ": stop it first ('pouw node stop --data-dir " + dataDir + "'); nothing was changed",
                    ExitCodes.REFUSED);
        }
    }

    private static CommandFailed refused(String code, String reason) {
        return new CommandFailed(code, reason + "; nothing was changed", ExitCodes.CHECK_FAILED);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
