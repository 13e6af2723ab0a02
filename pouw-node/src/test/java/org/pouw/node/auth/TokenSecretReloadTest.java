package org.pouw.node.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;
import org.pouw.node.config.ConfigException;
import org.pouw.node.config.ConfigLoader;

/**
 * A running node takes up its token secret files again (docs/operations.md, "Rotating the token secret"): after a
 * swap a token and a challenge of the old secret still pass and the new secret issues; once the old one is retired
 * they are refused, even a token that passed (and was remembered) a moment before; a file that cannot be read
 * changes nothing.
 */
class TokenSecretReloadTest {
    private static final String ALICE = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(1_000_000);

    @Test
    void a_swap_keeps_the_old_secret_accepted_and_a_retirement_refuses_it_even_from_the_cache() throws Exception {
        Path issuing = dir.resolve("token.secret");
        Tokens.createSecret(issuing);
        Tokens.createSecret(dir.resolve("new.secret"));
        TokenSecretFiles files = TokenSecretFiles.of(ConfigLoader.load(null, Map.of(), Map.of("data_dir",
                dir.toString())));
        assertThat(files.issuing()).isEqualTo(issuing);
        assertThat(files.accepted()).isEqualTo(dir.resolve("token.secret.accepted"));
        assertThat(files.readAccepted()).as("none beside it yet").isNull();
        byte[] old = Files.readAllBytes(issuing);
        Tokens tokens = new Tokens(old, clock, 3_600_000);
        LoginChallenges challenges = new LoginChallenges(old, clock, 60_000);
        TokenSecretReload reload = new TokenSecretReload(files, tokens, challenges);
        String before = tokens.issue(ALICE).token();
        String challengeBefore = challenges.issue(ALICE).challenge();
        assertThat(tokens.check(before)).contains(ALICE);
        String oldFingerprint = tokens.issuingFingerprint();

        Files.write(dir.resolve("token.secret.accepted"), old);
        Files.write(issuing, Files.readAllBytes(dir.resolve("new.secret")));
        reload.reload();
        assertThat(tokens.acceptedFingerprint()).contains(oldFingerprint);
        assertThat(tokens.issuingFingerprint()).isNotEqualTo(oldFingerprint);
        String after = tokens.issue(ALICE).token();
        assertThat(tokens.check(before)).as("the overlap").contains(ALICE);
        assertThat(challenges.check(challengeBefore, ALICE)).as("the overlap").isPresent();
        assertThat(new Tokens(old, clock, 3_600_000).check(after)).as("issued with the new secret").isEmpty();

        Files.delete(dir.resolve("token.secret.accepted"));
        reload.reload();
        assertThat(tokens.acceptedFingerprint()).isEmpty();
        assertThat(tokens.check(before)).as("retired, though it passed a moment ago").isEmpty();
        assertThat(challenges.check(challengeBefore, ALICE)).as("retired").isEmpty();
        assertThat(tokens.check(after)).contains(ALICE);

        Files.write(issuing, new byte[16]);
        String fingerprint = tokens.issuingFingerprint();
        assertThatThrownBy(reload::reload).isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.token_secret_file").hasMessageContaining("shorter than 32 bytes");
        assertThat(tokens.issuingFingerprint()).as("a refused reload changes nothing").isEqualTo(fingerprint);
        assertThat(tokens.check(after)).contains(ALICE);
    }
}
