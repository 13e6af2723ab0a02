package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.node.auth.Tokens;

/**
 * The steps of a token secret rotation on a host's files (docs/operations.md, "Rotating the token secret"): which
 * step follows which, what each writes, and every refusal — out of order, too early, a bad new secret, a file changed
 * by hand — writing nothing.
 */
class TokenSecretRotationTest {
    private static final long OVERLAP = 3_600_000;

    @TempDir
    Path dir;

    Path issuing;

    @BeforeEach
    void secret() throws Exception {
        issuing = dir.resolve("token.secret");
        Tokens.createSecret(issuing);
    }

    @Test
    void accept_then_swap_then_retire_moves_the_new_secret_from_accepted_to_issuing_and_drops_the_old()
            throws Exception {
        byte[] old = read(issuing);
        TokenSecretRotation steady = TokenSecretRotation.read(issuing);
        assertThat(steady.nextStep(true)).as("nodes may share the secret").isEqualTo(TokenSecretRotation.Step.ACCEPT);
        assertThat(steady.nextStep(false)).as("a node alone").isEqualTo(TokenSecretRotation.Step.SWAP);

        steady.apply(steady.plan(TokenSecretRotation.Step.ACCEPT, null, 1_000, OVERLAP, false));
        byte[] fresh = read(dir.resolve("token.secret.accepted"));
        assertThat(fresh).hasSize(32).isNotEqualTo(old);
        assertThat(read(issuing)).isEqualTo(old);

        TokenSecretRotation accepting = TokenSecretRotation.read(issuing);
        assertThat(accepting.current().stage()).isEqualTo(TokenSecretRotation.Stage.ACCEPTING);
        assertThat(accepting.nextStep(true)).isEqualTo(TokenSecretRotation.Step.SWAP);
        accepting.apply(accepting.plan(accepting.nextStep(true), null, 2_000, OVERLAP, false));
        assertThat(read(issuing)).isEqualTo(fresh);
        assertThat(read(dir.resolve("token.secret.accepted"))).isEqualTo(old);

        TokenSecretRotation swapped = TokenSecretRotation.read(issuing);
        assertThat(swapped.current().sinceMs()).isEqualTo(2_000);
        assertThat(swapped.nextStep(true)).isEqualTo(TokenSecretRotation.Step.RETIRE);
        swapped.apply(swapped.plan(TokenSecretRotation.Step.RETIRE, null, 2_000 + OVERLAP, OVERLAP, false));
        assertThat(names()).containsExactly("token.secret");
        assertThat(read(issuing)).isEqualTo(fresh);
        assertThat(TokenSecretRotation.read(issuing).current().stage()).isEqualTo(TokenSecretRotation.Stage.STEADY);
    }

    @Test
    void a_step_out_of_order_or_too_early_or_with_a_bad_new_secret_is_refused_and_writes_nothing() throws Exception {
        TokenSecretRotation steady = TokenSecretRotation.read(issuing);
        assertRefused(() -> steady.plan(TokenSecretRotation.Step.RETIRE, null, 0, OVERLAP, true), "wrong_step");

        Path open = dir.resolve("open.secret");
        Tokens.createSecret(open);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-rw-r--"));
        assertRefused(() -> steady.plan(TokenSecretRotation.Step.SWAP, open, 0, OVERLAP, false), "bad_permissions");
        Path shortSecret = dir.resolve("short.secret");
        Files.write(shortSecret, new byte[31]);
        Files.setPosixFilePermissions(shortSecret, PosixFilePermissions.fromString("rw-------"));
        assertRefused(() -> steady.plan(TokenSecretRotation.Step.SWAP, shortSecret, 0, OVERLAP, false),
                "shorter than 32 bytes");
        assertRefused(() -> steady.plan(TokenSecretRotation.Step.ACCEPT, issuing, 0, OVERLAP, false),
                "issues with already");
        assertRefused(() -> steady.plan(TokenSecretRotation.Step.SWAP, dir.resolve("none"), 0, OVERLAP, false),
                "does not exist");

        Path given = dir.resolve("given.secret");
        Tokens.createSecret(given);
        steady.apply(steady.plan(TokenSecretRotation.Step.SWAP, given, 5_000, OVERLAP, false));
        assertThat(read(issuing)).isEqualTo(read(given));
        TokenSecretRotation swapped = TokenSecretRotation.read(issuing);
        Map<String, String> files = snapshot();
        assertRefused(() -> swapped.plan(TokenSecretRotation.Step.RETIRE, null, 5_000 + OVERLAP - 1, OVERLAP, false),
                "too_early");
        assertRefused(() -> swapped.plan(TokenSecretRotation.Step.SWAP, null, 9_000_000, OVERLAP, false),
                "wrong_step");
        assertRefused(() -> swapped.plan(TokenSecretRotation.Step.ACCEPT, given, 9_000_000, OVERLAP, false),
                "--from");
        assertThat(snapshot()).isEqualTo(files);
        assertThat(swapped.plan(TokenSecretRotation.Step.RETIRE, null, 5_001, OVERLAP, true).accepted())
                .as("--force retires at once").isNull();
    }

    @Test
    void files_changed_by_hand_or_left_by_a_rotation_by_hand_are_refused_and_a_failed_step_is_put_back()
            throws Exception {
        Files.write(dir.resolve("token.secret.accepted"), read(issuing));
        Files.setPosixFilePermissions(dir.resolve("token.secret.accepted"),
                PosixFilePermissions.fromString("rw-------"));
        assertRefused(() -> TokenSecretRotation.read(issuing), "rotation_by_hand");
        Files.delete(dir.resolve("token.secret.accepted"));

        TokenSecretRotation steady = TokenSecretRotation.read(issuing);
        Map<String, String> before = snapshot();
        steady.apply(steady.plan(TokenSecretRotation.Step.SWAP, null, 0, OVERLAP, false));
        assertThat(names()).containsExactly("token.secret", "token.secret.accepted", "token.secret.rotation");
        steady.restore();
        assertThat(snapshot()).as("put back as found").isEqualTo(before);

        steady.apply(steady.plan(TokenSecretRotation.Step.SWAP, null, 0, OVERLAP, false));
        Tokens.createSecret(dir.resolve("other.secret"));
        Files.write(dir.resolve("token.secret.accepted"), read(dir.resolve("other.secret")));
        assertRefused(() -> TokenSecretRotation.read(issuing), "files_changed");

        Files.setPosixFilePermissions(issuing, PosixFilePermissions.fromString("rw-r-----"));
        assertRefused(() -> TokenSecretRotation.read(issuing), "bad_permissions");
        assertRefused(() -> TokenSecretRotation.read(dir.resolve("missing.secret")), "no_token_secret");
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable step, String what) {
        assertThatThrownBy(step).isInstanceOf(CommandFailed.class)
                .satisfies(e -> assertThat(((CommandFailed) e).code() + ": " + e.getMessage()).contains(what));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private java.util.List<String> names() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("token.secret")).sorted()
                    .toList();
        }
    }

    private Map<String, String> snapshot() throws Exception {
        Map<String, String> files = new TreeMap<>();
        for (String name : names()) {
            Path file = dir.resolve(name);
            files.put(name, HexFormat.of().formatHex(read(file)) + " "
                    + PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        return files;
    }
}
