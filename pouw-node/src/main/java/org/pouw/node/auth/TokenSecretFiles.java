package org.pouw.node.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import org.pouw.node.config.NodeConfig;

/**
 * Where a node reads its token secrets, at start and at each reload of a rotation's step (docs/operations.md,
 * "Rotating the token secret"): the secret it issues tokens with ({@code auth.token_secret_file}, by default
 * {@code <data_dir>/token.secret}) and the one it also accepts. That one is {@code auth.accepted_token_secret_file}
 * when set (a rotation by file steps, which must then exist), else the file beside the issuing one named
 * {@code <issuing>.accepted} when it exists: where {@code pouw node rotate-token-secret} keeps the secret of the
 * other side of a rotation, so a node restarted mid-rotation still accepts both.
 */
public record TokenSecretFiles(Path issuing, Path accepted, boolean acceptedConfigured) {
    public static final String ACCEPTED_SUFFIX = ".accepted";

    public static TokenSecretFiles of(NodeConfig config) {
        Path issuing = config.tokenSecretPath();
        return config.acceptedTokenSecretPath()
                .map(accepted -> new TokenSecretFiles(issuing, accepted, true))
                .orElseGet(() -> new TokenSecretFiles(issuing, beside(issuing), false));
    }

    /** The file beside {@code issuing} that holds the accepted secret when no setting names one. */
    public static Path beside(Path issuing) {
        return issuing.resolveSibling(issuing.getFileName() + ACCEPTED_SUFFIX);
    }

    /** Two secrets as the files hold them now; {@code accepted} null when there is none. */
    public record Secrets(byte[] issuing, byte[] accepted) {
    }

    /**
     * Reads both; a missing, unreadable or short file is a {@link org.pouw.node.config.ConfigException} naming its
     * setting. The issuing secret must exist here: only a node's first start on SQLite creates it.
     */
    public Secrets read() {
        byte[] issuingSecret = Tokens.readSecret(issuing, "auth.token_secret_file");
        return new Secrets(issuingSecret, readAccepted());
    }

    /** The accepted secret, or null when none is configured and none lies beside the issuing one. */
    public byte[] readAccepted() {
        if (acceptedConfigured) {
            return Tokens.readSecret(accepted, "auth.accepted_token_secret_file");
        }
        return Files.exists(accepted)
                ? Tokens.readSecret(accepted, "auth.token_secret_file (its accepted secret, " + accepted + ")")
                : null;
    }
}
