package org.pouw.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * An Ed25519 identity on disk: a small text file, written owner-only (0600), of the form
 * <pre>
 * # PoUW Ed25519 key: keep this file private
 * did = did:key:z6Mk…
 * private_key = &lt;64 hex digits&gt;
 * </pre>
 * The did line is a convenience for people; loading checks that it matches the private key.
 */
public final class KeyFile {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private KeyFile() {
    }

    /** Writes a new key file; refuses to overwrite an existing one, so no identity is lost by accident. */
    public static void create(Path file, Ed25519.KeyPair key) throws IOException {
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString(), null, "a key file is already there");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        String text = text(key);
        Path temp = Files.createTempFile(parent, ".key", ".tmp");
        try {
            restrict(temp);
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The file's text for {@code key}: what {@link #load} reads back. */
    public static String text(Ed25519.KeyPair key) {
        return "# PoUW Ed25519 key: keep this file private\n"
                + "did = " + key.did() + "\n"
                + "private_key = " + Hex.encode(key.privateKey()) + "\n";
    }

    /** Loads the key, or creates one first when the file is missing (the node's admin key on first start). */
    public static Ed25519.KeyPair loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            create(file, Ed25519.KeyPair.generate());
        }
        return load(file);
    }

    /** Reads a key file; {@link IllegalArgumentException} names the file and what is wrong with it. */
    public static Ed25519.KeyPair load(Path file) throws IOException {
        String privateHex = null;
        String did = null;
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": expected 'name = value'");
            }
            String name = trimmed.substring(0, eq).strip();
            String value = trimmed.substring(eq + 1).strip();
            switch (name) {
                case "private_key" -> privateHex = value;
                case "did" -> did = value;
                default -> throw new IllegalArgumentException(file + ":" + lineNo + ": unknown setting '" + name + "'");
            }
        }
        if (privateHex == null || !Hex.isHex(privateHex, Ed25519.PRIVATE_KEY_LENGTH)) {
            throw new IllegalArgumentException(file + ": private_key must be 64 hex digits");
        }
        Ed25519.KeyPair key = Ed25519.KeyPair.fromPrivateKey(Hex.decode(privateHex));
        if (did != null && !did.equals(key.did().toString())) {
            throw new IllegalArgumentException(file + ": did does not match private_key");
        }
        return key;
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        } catch (UnsupportedOperationException notPosix) {
            // A non-POSIX file system has no mode bits to set; the file stays as the platform made it.
        }
    }
}
