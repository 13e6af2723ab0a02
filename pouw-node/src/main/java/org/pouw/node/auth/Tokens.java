package org.pouw.node.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.pouw.core.Clock;
import org.pouw.node.config.ConfigException;

/**
 * Bearer tokens: {@code base64url(did "|" expires_at_ms) "." base64url(HMAC-SHA256(secret, that))}. Stateless, so any
 * node holding the same secret file accepts them (several nodes on one database share it), and checking one costs
 * a single MAC.
 */
public final class Tokens {

    /** Tokens already checked, so a busy worker's every call does not recompute the MAC. Bounded; cleared when full. */
    private static final int CACHE_LIMIT = 50_000;
    private final java.util.concurrent.ConcurrentHashMap<String, Checked> checked =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** A token that passed, under the secrets it passed with: once those are replaced it is checked again. */
    private record Checked(String did, long expiresAtMs, Secrets under) {
    }

    /**
     * The secret tokens are issued with, and the one also accepted while secrets rotate (none is issued with it; null:
     * none). One object, replaced whole, so a check never sees one secret of a rotation's step and one of another.
     */
    private record Secrets(byte[] issuing, byte[] accepted) {
    }

    private volatile Secrets secrets;
    private final Clock clock;
    private final long ttlMs;

    public Tokens(byte[] secret, Clock clock, long ttlMs) {
        this(secret, null, clock, ttlMs);
    }

    /**
     * Issues with {@code secret} and accepts tokens made with it or with {@code accepted} (null for none): the two
     * active secrets of a rotation (docs/operations.md, "Rotating the token secret").
     */
    public Tokens(byte[] secret, byte[] accepted, Clock clock, long ttlMs) {
        this.secrets = new Secrets(secret.clone(), accepted == null ? null : accepted.clone());
        this.clock = clock;
        this.ttlMs = ttlMs;
    }

    /** Reads the secret, creating 32 random bytes owner-only on first start. */
    public static byte[] loadOrCreateSecret(Path file) throws IOException {
        if (!Files.exists(file)) {
            createSecret(file);
        }
        byte[] secret = Files.readAllBytes(file);
        if (secret.length < 32) {
            throw new IOException("token secret " + file + " is shorter than 32 bytes");
        }
        return secret;
    }

    /** Reads a secret that must exist already (the accepted one of a rotation); a problem names {@code setting}. */
    public static byte[] readSecret(Path file, String setting) {
        byte[] secret;
        try {
            secret = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(setting + ": cannot read " + file + " (" + e + ")");
        }
        if (secret.length < 32) {
            throw new ConfigException(setting + ": " + file + " is shorter than 32 bytes");
        }
        return secret;
    }

    /**
     * Writes a fresh secret of 32 random bytes, owner-only, to a file that must not exist yet: the shared secret
     * that every node on one PostgreSQL database is given.
     */
    public static void createSecret(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".secret", ".tmp");
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            Files.write(temp, fresh);
            Files.move(temp, file);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public record Issued(String token, long expiresAtMs) {
    }

    /**
     * Issues with {@code secret} and accepts {@code accepted} (null: none) from now on, as a rotation's step reloads
     * them (docs/operations.md, "Rotating the token secret"). A token checked before under a secret now dropped is
     * refused at its next use: the cache answers only for tokens checked under the current secrets.
     */
    public void replaceSecrets(byte[] secret, byte[] accepted) {
        secrets = new Secrets(secret.clone(), accepted == null ? null : accepted.clone());
        checked.clear();
    }

    /** {@link #fingerprint} of the secret this node issues tokens with. */
    public String issuingFingerprint() {
        return fingerprint(secrets.issuing());
    }

    /** {@link #fingerprint} of the secret this node also accepts during a rotation; empty when none. */
    public Optional<String> acceptedFingerprint() {
        byte[] accepted = secrets.accepted();
        return accepted == null ? Optional.empty() : Optional.of(fingerprint(accepted));
    }

    /**
     * Names a secret without revealing it: the first 8 bytes, hex, of SHA-256 over a domain tag and the secret. Nodes
     * compare these to check a rotation (issue 25, defect 8); 32 random bytes cannot be found from them.
     */
    public static String fingerprint(byte[] secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("pouw-token-secret-fingerprint-v1".getBytes(StandardCharsets.UTF_8));
            byte[] hash = digest.digest(secret);
            return java.util.HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public Issued issue(String did) {
        long expires = clock.millis() + ttlMs;
        String body = CanonicalBase64Url.encode((did + "|" + expires).getBytes(StandardCharsets.UTF_8));
        return new Issued(body + "." + CanonicalBase64Url.encode(mac(secrets.issuing(), body)), expires);
    }

    /** The did the token was issued to, if its MAC holds and it has not expired. */
    public Optional<String> check(String token) {
        if (token == null || token.length() > 512) {
            return Optional.empty();
        }
        Secrets current = secrets;
        Checked known = checked.get(token);
        if (known != null && known.under() == current) {
            return known.expiresAtMs() >= clock.millis() ? Optional.of(known.did()) : Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String body = token.substring(0, dot);
        try {
            // Only the canonical spelling: a token has one accepted text (issue 18, defect 5).
            byte[] given = CanonicalBase64Url.decode(token.substring(dot + 1)).orElse(null);
            byte[] bodyBytes = CanonicalBase64Url.decode(body).orElse(null);
            byte[] accepted = current.accepted();
            if (given == null || bodyBytes == null || !(MessageDigest.isEqual(given, mac(current.issuing(), body))
                    || accepted != null && MessageDigest.isEqual(given, mac(accepted, body)))) {
                return Optional.empty();
            }
            String text = new String(bodyBytes, StandardCharsets.UTF_8);
            int bar = text.lastIndexOf('|');
            long expires = Long.parseLong(text.substring(bar + 1));
            if (checked.size() >= CACHE_LIMIT) {
                checked.clear();
            }
            checked.put(token, new Checked(text.substring(0, bar), expires, current));
            return expires >= clock.millis() ? Optional.of(text.substring(0, bar)) : Optional.empty();
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private static byte[] mac(byte[] key, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("the JDK cannot compute HMAC-SHA256", e);
        }
    }
}
