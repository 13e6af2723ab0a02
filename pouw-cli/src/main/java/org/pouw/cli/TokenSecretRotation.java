package org.pouw.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import org.pouw.node.auth.TokenSecretFiles;
import org.pouw.node.auth.Tokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The token secret files of one host and the steps of a rotation on them (docs/operations.md, "Rotating the token
 * secret"). The node issues tokens with the issuing file and also accepts the one beside it
 * ({@link TokenSecretFiles#beside}); a third file, {@code <issuing>.rotation}, records which step was taken last and
 * when, with the fingerprints the two files held then, so a file changed by hand in between is noticed, not
 * overwritten.
 *
 * <ol>
 *   <li>{@link Step#ACCEPT}: a new secret is accepted, not yet issued with (on nodes sharing a database, every node
 *   takes this step before any takes the next).</li>
 *   <li>{@link Step#SWAP}: the new secret is issued with and the old one still accepted, so no token or sign-in
 *   challenge issued before is refused. From a steady state this takes the first step too: right for a node alone.</li>
 *   <li>{@link Step#RETIRE}: once {@code auth.token_ttl_ms} has passed since the swap no token of the old secret is
 *   alive, and the old secret is dropped.</li>
 * </ol>
 *
 * Every check is made before any file is written, and {@link #restore} puts back what {@link #apply} replaced.
 */
final class TokenSecretRotation {
    static final int SECRET_BYTES = 32;
    static final String RECORD_SUFFIX = ".rotation";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    enum Stage {
        STEADY, ACCEPTING, SWAPPED;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    enum Step {
        ACCEPT, SWAP, RETIRE;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What the files hold: the accepted secret null when there is none; {@code sinceMs} when the stage began. */
    record Secrets(byte[] issuing, byte[] accepted, Stage stage, long sinceMs) {
        String issuingFingerprint() {
            return Tokens.fingerprint(issuing);
        }

        String acceptedFingerprint() {
            return accepted == null ? null : Tokens.fingerprint(accepted);
        }
    }

    private final Path issuingFile;
    private final Path acceptedFile;
    private final Path recordFile;
    private final Secrets now;
    /** The record file's text as found, to put back on {@link #restore}; null when there was none. */
    private final byte[] recordBefore;

    private TokenSecretRotation(Path issuingFile, Path acceptedFile, Secrets now, byte[] recordBefore) {
        this.issuingFile = issuingFile;
        this.acceptedFile = acceptedFile;
        this.recordFile = recordPath(issuingFile);
        this.now = now;
        this.recordBefore = recordBefore;
    }

    static Path recordPath(Path issuingFile) {
        return issuingFile.resolveSibling(issuingFile.getFileName() + RECORD_SUFFIX);
    }

    /**
     * Reads the files and checks them: each present secret owner-only and at least 32 bytes, its folder writable,
     * and the record (if any) naming what the files hold. Writes nothing.
     */
    static TokenSecretRotation read(Path issuingFile) {
        Path acceptedFile = TokenSecretFiles.beside(issuingFile);
        if (!Files.isRegularFile(issuingFile)) {
            throw new CommandFailed("no_token_secret", "auth.token_secret_file: " + issuingFile + " does not exist;"
                    + " there is nothing to rotate (a node creates it on its first start on SQLite)", ExitCodes.CONFIG);
        }
        Path folder = issuingFile.toAbsolutePath().getParent();
        if (!Files.isWritable(folder)) {
            throw new CommandFailed("read_only", "auth.token_secret_file: the folder " + folder + " is not writable"
                    + " (a mounted Secret or a systemd credential?): rotate by the file steps of docs/operations.md",
                    ExitCodes.CONFIG);
        }
        byte[] issuing = readSecret(issuingFile, "auth.token_secret_file");
        byte[] accepted = Files.exists(acceptedFile) ? readSecret(acceptedFile, "the accepted secret") : null;
        Path recordFile = recordPath(issuingFile);
        if (!Files.exists(recordFile)) {
            if (accepted != null) {
                throw new CommandFailed("rotation_by_hand", acceptedFile + " holds an accepted secret, but no step of"
                        + " this verb put it there (no " + recordFile + "): finish that rotation by hand, or remove"
                        + " the file once no token of its secret is alive", ExitCodes.CONFIG);
            }
            return new TokenSecretRotation(issuingFile, acceptedFile, new Secrets(issuing, null, Stage.STEADY, 0),
                    null);
        }
        byte[] recordBytes = readBytes(recordFile);
        JsonNode record;
        Stage stage;
        try {
            record = JSON.readTree(recordBytes);
            stage = Stage.valueOf(record.path("stage").asString("").toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new CommandFailed("bad_record", recordFile + " is not a rotation record (" + e.getMessage() + ")",
                    ExitCodes.CONFIG);
        }
        Secrets secrets = new Secrets(issuing, accepted, stage, record.path("since_ms").asLong(0));
        String recordedAccepted = record.path("accepted").isString() ? record.path("accepted").asString() : null;
        if (stage == Stage.STEADY || !secrets.issuingFingerprint().equals(record.path("issuing").asString(""))
                || !java.util.Objects.equals(secrets.acceptedFingerprint(), recordedAccepted)) {
            throw new CommandFailed("files_changed", "the token secret files changed since the last step (" + recordFile
                    + " records issuing " + record.path("issuing").asString("?") + " and accepted " + recordedAccepted
                    + "; the files hold " + secrets.issuingFingerprint() + " and " + secrets.acceptedFingerprint()
                    + "): put them back, or finish by hand and remove the record", ExitCodes.CONFIG);
        }
        return new TokenSecretRotation(issuingFile, acceptedFile, secrets, recordBytes);
    }

    Secrets current() {
        return now;
    }

    /** The step that comes next: retire after a swap, swap after accepting; from steady, accept if others may share. */
    Step nextStep(boolean mayShareSecret) {
        return switch (now.stage()) {
            case STEADY -> mayShareSecret ? Step.ACCEPT : Step.SWAP;
            case ACCEPTING -> Step.SWAP;
            case SWAPPED -> Step.RETIRE;
        };
    }

    /**
     * What the files will hold after {@code step}; refused (nothing written) when the step does not follow the
     * stage, when a given new secret is bad, or when retiring before {@code overlapMs} has passed since the swap
     * without {@code force}.
     */
    Secrets plan(Step step, Path newSecretFile, long nowMs, long overlapMs, boolean force) {
        if (newSecretFile != null && !(now.stage() == Stage.STEADY && step != Step.RETIRE)) {
            throw new CommandFailed("bad_input", "--from: a new secret is taken only by the first step (the node is "
                    + now.stage().wire() + ")", ExitCodes.USAGE);
        }
        return switch (step) {
            case ACCEPT -> {
                requireStage(step, Stage.STEADY);
                yield new Secrets(now.issuing(), fresh(newSecretFile), Stage.ACCEPTING, nowMs);
            }
            case SWAP -> {
                if (now.stage() == Stage.SWAPPED) {
                    throw wrongStage(step);
                }
                byte[] next = now.stage() == Stage.STEADY ? fresh(newSecretFile) : now.accepted();
                yield new Secrets(next, now.issuing(), Stage.SWAPPED, nowMs);
            }
            case RETIRE -> {
                requireStage(step, Stage.SWAPPED);
                long safeAt = now.sinceMs() + overlapMs;
                if (nowMs < safeAt && !force) {
                    throw new CommandFailed("too_early", "tokens of the old secret may be alive until "
                            + Instant.ofEpochMilli(safeAt) + " (the swap was at " + Instant.ofEpochMilli(now.sinceMs())
                            + ", plus auth.token_ttl_ms): retire after that, or pass --force to refuse them now",
                            ExitCodes.REFUSED);
                }
                yield new Secrets(now.issuing(), null, Stage.STEADY, nowMs);
            }
        };
    }

    /** Writes the planned files, each owner-only and whole (renamed into place), the record last. */
    void apply(Secrets next) {
        write(acceptedFile, next.accepted());
        write(issuingFile, next.issuing());
        if (next.stage() == Stage.STEADY) {
            write(recordFile, null);
        } else {
            var record = JSON.createObjectNode().put("stage", next.stage().wire()).put("since_ms", next.sinceMs())
                    .put("issuing", next.issuingFingerprint()).put("accepted", next.acceptedFingerprint());
            write(recordFile, JSON.writeValueAsBytes(record));
        }
    }

    /** Puts back the files as {@link #read} found them. */
    void restore() {
        write(acceptedFile, now.accepted());
        write(issuingFile, now.issuing());
        write(recordFile, recordBefore);
    }

    private void requireStage(Step step, Stage stage) {
        if (now.stage() != stage) {
            throw wrongStage(step);
        }
    }

    private CommandFailed wrongStage(Step step) {
        return new CommandFailed("wrong_step", "step " + step.wire() + " does not follow where the rotation stands ("
                + now.stage().wire() + "); the next step is " + nextStep(false).wire(), ExitCodes.REFUSED);
    }

    /** The new secret: the one another host began with (the same on every node sharing a database), or fresh. */
    private byte[] fresh(Path newSecretFile) {
        if (newSecretFile == null) {
            byte[] secret = new byte[SECRET_BYTES];
            new SecureRandom().nextBytes(secret);
            return secret;
        }
        if (!Files.isRegularFile(newSecretFile)) {
            throw new CommandFailed("bad_input", "--from: " + newSecretFile + " does not exist", ExitCodes.USAGE);
        }
        byte[] secret = readSecret(newSecretFile, "--from");
        if (Arrays.equals(secret, now.issuing())) {
            throw new CommandFailed("bad_input", "--from: " + newSecretFile + " holds the secret the node issues with"
                    + " already", ExitCodes.USAGE);
        }
        return secret;
    }

    /** A secret file: owner-only (a secret others may read is no secret) and at least 32 bytes. */
    private static byte[] readSecret(Path file, String what) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(mode)) {
                throw new CommandFailed("bad_permissions", what + ": " + file + " is readable or writable by others ("
                        + PosixFilePermissions.toString(mode) + "); make it owner-only (chmod 600) first: its secret"
                        + " may have been seen, so rotating away from it is right, but this verb will not copy it",
                        ExitCodes.CONFIG);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the permissions of " + file, e);
        } catch (UnsupportedOperationException notPosix) {
            // no mode bits to check on this file system
        }
        byte[] secret = readBytes(file);
        if (secret.length < SECRET_BYTES) {
            throw new CommandFailed("bad_input", what + ": " + file + " is shorter than 32 bytes", ExitCodes.CONFIG);
        }
        return secret;
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Writes {@code bytes} owner-only and durably, renamed over {@code file}; null deletes the file. */
    private static void write(Path file, byte[] bytes) {
        try {
            if (bytes == null) {
                Files.deleteIfExists(file);
                return;
            }
            Path parent = file.toAbsolutePath().getParent();
            Path partial = Files.createTempFile(parent, "." + file.getFileName(), ".partial");
            try {
                Files.setPosixFilePermissions(partial, OWNER_ONLY);
                try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                    channel.write(java.nio.ByteBuffer.wrap(bytes));
                    channel.force(true);
                }
                try {
                    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
