package org.pouw.node.auth;

/**
 * Makes a running node take up its token secret files as they are now, the last act of each step of
 * {@code pouw node rotate-token-secret} (docs/operations.md, "Rotating the token secret"): tokens and sign-in
 * challenges are issued with the issuing secret from then on and accepted under either. Both files are read before
 * anything changes, so a missing or short file leaves the node with the secrets it had.
 */
public final class TokenSecretReload {
    private final TokenSecretFiles files;
    private final Tokens tokens;
    private final LoginChallenges challenges;

    public TokenSecretReload(TokenSecretFiles files, Tokens tokens, LoginChallenges challenges) {
        this.files = files;
        this.tokens = tokens;
        this.challenges = challenges;
    }

    /** Reads both files and swaps them in; a {@link org.pouw.node.config.ConfigException} changes nothing. */
    public synchronized void reload() {
        TokenSecretFiles.Secrets secrets = files.read();
        tokens.replaceSecrets(secrets.issuing(), secrets.accepted());
        challenges.replaceSecrets(secrets.issuing(), secrets.accepted());
    }
}
