package org.pouw.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code manifest.json} of a {@code pouw backup}: what the backup holds (each file's size and SHA-256), where its
 * ledger and event log end, and whose node it is. Written last, so a backup without one did not finish; read first
 * by {@code pouw restore}, which refuses a backup whose files do not match it.
 *
 * @param files name → [bytes, hex SHA-256], in the order they were written
 */
record BackupManifest(String backend, long createdAtMs, String nodeDid, long ledgerSeq, String ledgerHash,
                      long eventSeq, String restoreEpoch, long tookMs, Map<String, FileDigest> files) {
    static final String FILE_NAME = "manifest.json";
    static final String FORMAT = "pouw-backup-v1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One file's size and SHA-256. */
    record FileDigest(long bytes, String sha256) {
        static FileDigest of(Path file) throws IOException {
            MessageDigest digest;
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
            long bytes = 0;
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = Files.newInputStream(file)) {
                for (int read; (read = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, read);
                    bytes += read;
                }
            }
            return new FileDigest(bytes, HexFormat.of().formatHex(digest.digest()));
        }
    }

    ObjectNode json() {
        ObjectNode root = JSON.createObjectNode().put("format", FORMAT).put("backend", backend)
                .put("created_at_ms", createdAtMs).put("node_did", nodeDid).put("ledger_seq", ledgerSeq)
                .put("ledger_hash", ledgerHash).put("event_seq", eventSeq).put("restore_epoch", restoreEpoch)
                .put("took_ms", tookMs);
        ObjectNode listed = root.putObject("files");
        files.forEach((name, file) -> listed.putObject(name).put("bytes", file.bytes()).put("sha256", file.sha256()));
        return root;
    }

    void writeTo(Path backup) throws IOException {
        AtomicFile.write(backup.resolve(FILE_NAME), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json()));
    }

    /** Reads {@code backup}'s manifest, refusing (exit 5) a backup that has none or one this build cannot read. */
    static BackupManifest readFrom(Path backup) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(backup.resolve(FILE_NAME)));
        } catch (NoSuchFileException e) {
            throw new CommandFailed("backup_incomplete", backup + " has no " + FILE_NAME + ": it is not a pouw backup,"
                    + " or its 'pouw backup' did not finish", ExitCodes.CHECK_FAILED);
        } catch (IOException | RuntimeException e) { // unreadable, or not JSON (Jackson's exceptions are unchecked)
            throw new CommandFailed("backup_corrupted", backup.resolve(FILE_NAME) + " cannot be read: "
                    + e.getMessage(), ExitCodes.CHECK_FAILED);
        }
        if (!FORMAT.equals(root.path("format").asString(""))) {
            throw new CommandFailed("backup_mismatch", backup.resolve(FILE_NAME) + ": format must be " + FORMAT
                    + ", got '" + root.path("format").asString("") + "'", ExitCodes.CHECK_FAILED);
        }
        Map<String, FileDigest> files = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> file : root.path("files").properties()) {
            String name = file.getKey();
            if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
                // Names come from the data folder's top level; anything else could write outside the new one.
                throw new CommandFailed("backup_corrupted", backup.resolve(FILE_NAME) + ": file name '" + name
                        + "' is not a plain file name", ExitCodes.CHECK_FAILED);
            }
            files.put(name, new FileDigest(file.getValue().path("bytes").asLong(-1),
                    file.getValue().path("sha256").asString("")));
        }
        return new BackupManifest(root.path("backend").asString(""), root.path("created_at_ms").asLong(0),
                root.path("node_did").asString(""), root.path("ledger_seq").asLong(0),
                root.path("ledger_hash").asString(""), root.path("event_seq").asLong(0),
                root.path("restore_epoch").asString("0"), root.path("took_ms").asLong(0), files);
    }
}
