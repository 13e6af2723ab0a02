package org.pouw.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.pouw.client.NodeException;
import org.pouw.client.PouwClient;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import org.pouw.node.auth.TokenSecretFiles;
import org.pouw.node.config.NodeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pouw node rotate-token-secret}: one step of a token secret rotation, run on the node's host (issue 25,
 * defect 8). It writes the step into the node's secret files ({@link TokenSecretRotation}) and has the running node
 * take them up through {@code POST /v1/admin/token-secrets/reload} with its admin key, so the rotation is audited
 * and no restart is needed. Before anything is written it checks the files, their permissions, and that the node
 * running from the data folder holds what the files hold; if the node cannot take the step up the files are put
 * back as they were.
 */
@Command(name = "rotate-token-secret", description = {
        "Take the next step of rotating the token secret of the node running from this data folder, on its host:",
        "  swap   a new secret issues tokens, the old one is still accepted (from a steady state on SQLite, the"
                + " default first step);",
        "  accept a new secret is accepted, not issued with (the default first step on PostgreSQL: every node"
                + " sharing the database takes it before any swaps; --from gives them all the same secret);",
        "  retire the old secret is dropped, once auth.token_ttl_ms has passed since the swap (--force: now).",
        "Each step is written to the secret files (owner-only) and taken up by the running node without a restart;"
                + " check a fleet between steps with 'pouw admin token-secrets'. Needs the node's admin key"
                + " (auth.admin_key_file, by default <data_dir>/admin.key)."})
final class RotateTokenSecretCommand implements Callable<Integer> {
    @Mixin
    NodeOptions options;

    @Option(names = "--step", paramLabel = "STEP", description = "accept, swap or retire (default: the next one)")
    String step;

    @Option(names = "--from", paramLabel = "FILE", description = "the new secret (owner-only, 32 bytes or more)"
            + " instead of a fresh one: the file the first node's accept step wrote, for the other nodes")
    Path from;

    @Option(names = "--force", description = "retire the old secret before auth.token_ttl_ms has passed: its tokens"
            + " still alive are refused from now on")
    boolean force;

    @Option(names = "--json", description = "print the outcome as one JSON line")
    boolean json;

    @Override
    public Integer call() throws Exception {
        NodeConfig config = options.load();
        Path dataDir = config.dataDir();
        if (!Files.isDirectory(dataDir)) {
            throw new CommandFailed("no_data_dir", "data_dir: " + dataDir + " does not exist", ExitCodes.CONFIG);
        }
        TokenSecretFiles files = TokenSecretFiles.of(config);
        if (files.acceptedConfigured()) {
            throw new CommandFailed("rotation_by_files", "auth.accepted_token_secret_file is set, so this node's"
                    + " rotation is by the file steps of docs/operations.md; unset it to let this verb keep the"
                    + " accepted secret at " + TokenSecretFiles.beside(files.issuing()), ExitCodes.CONFIG);
        }
        TokenSecretRotation rotation = TokenSecretRotation.read(files.issuing());
        TokenSecretRotation.Step chosen = step == null
                ? rotation.nextStep(config.storageBackend().equals("postgresql")) : parseStep(step);
        long overlapMs = Math.max(config.tokenTtlMs(), config.challengeTtlMs());
        Clock clock = Clock.system();
        TokenSecretRotation.Secrets next = rotation.plan(chosen, from, clock.millis(), overlapMs, force);

        String url = RunningNodeUrl.of(dataDir);
        Ed25519.KeyPair admin = loadAdminKey(config.adminKeyPath());
        try (PouwClient client = new PouwClient(URI.create(url), admin, Duration.ofSeconds(30), clock)) {
            requireNodeHolds(url, client.admin().tokenSecrets(), rotation.current());
            rotation.apply(next);
            JsonNode answer;
            try {
                answer = client.admin().reloadTokenSecrets();
                requireNodeHolds(url, answer, next);
            } catch (RuntimeException e) {
                rotation.restore();
                putBack(client);
                throw new CommandFailed("not_taken_up", "the node at " + url + " did not take the step up ("
                        + e.getMessage() + "); the files are as they were", ExitCodes.REFUSED);
            }
            print(chosen, next, answer, overlapMs, TokenSecretFiles.beside(files.issuing()));
        }
        return ExitCodes.OK;
    }

    private static TokenSecretRotation.Step parseStep(String text) {
        try {
            return TokenSecretRotation.Step.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandFailed("bad_input", "--step: accept, swap or retire, got '" + text + "'",
                    ExitCodes.USAGE);
        }
    }

    private static Ed25519.KeyPair loadAdminKey(Path file) throws java.io.IOException {
        if (!Files.exists(file)) {
            throw new CommandFailed("no_admin_key", "auth.admin_key_file: " + file + " does not exist",
                    ExitCodes.CONFIG);
        }
        return KeyFile.load(file);
    }

    /** The node must hold what the files hold, or it was started from other files and this step is not its. */
    private static void requireNodeHolds(String url, JsonNode answer, TokenSecretRotation.Secrets files) {
        String issuing = answer.path("issuing").asString("");
        String accepted = answer.path("accepted").isString() ? answer.path("accepted").asString() : null;
        if (!issuing.equals(files.issuingFingerprint()) || !Objects.equals(accepted, files.acceptedFingerprint())) {
            throw new CommandFailed("node_holds_other_secrets", "the node at " + url + " issues with " + issuing
                    + " and accepts " + accepted + ", but the files hold " + files.issuingFingerprint() + " and "
                    + files.acceptedFingerprint() + " (fingerprints): it was started from other files, or with"
                    + " other settings than given here", ExitCodes.REFUSED);
        }
    }

    /** After a failed step the files are back; the node is asked to take them up again, in case it took the step. */
    private static void putBack(PouwClient client) {
        try {
            client.admin().reloadTokenSecrets();
        } catch (NodeException ignored) {
            // it refused the step, so it still holds what the files hold again
        }
    }

    private void print(TokenSecretRotation.Step taken, TokenSecretRotation.Secrets now, JsonNode answer,
                       long overlapMs, Path acceptedFile) {
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("event", "token_secret_rotated")
                .put("step", taken.wire()).put("stage", now.stage().wire());
        out.set("issuing", answer.path("issuing"));
        out.set("accepted", answer.path("accepted"));
        String nextStep = switch (now.stage()) {
            case ACCEPTING -> "swap, once every node sharing the database accepts "
                    + now.acceptedFingerprint() + " (check with 'pouw admin token-secrets')";
            case SWAPPED -> "retire, after " + java.time.Instant.ofEpochMilli(now.sinceMs() + overlapMs)
                    + " (auth.token_ttl_ms after the swap)";
            case STEADY -> "none: one secret";
        };
        out.put("next", nextStep);
        if (now.stage() == TokenSecretRotation.Stage.ACCEPTING) {
            out.put("new_secret_file", acceptedFile.toAbsolutePath().toString());
        }
        new Printer(json).print(out, taken.wire() + " done: issuing " + now.issuingFingerprint() + ", accepting "
                + (now.accepted() == null ? "nothing else" : now.acceptedFingerprint()) + "; next: " + nextStep);
    }
}
