package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/openapi.yaml passes {@code redocly lint} under its {@code recommended-strict} rules (issue 25 §2.7): every
 * operation has an operationId, declares its security, lists a 4xx, and the document has a licence; a warning fails
 * as an error under those rules. Redocly CLI is the pinned npm package that ./run-tests installs into
 * .tools/redocly (scripts/install-test-tools.sh).
 */
class OpenApiLintIT {
    private static final Path DOCUMENT = Path.of("..", "docs", "openapi.yaml");

    record Run(int exit, String out) {
    }

    @TempDir
    Path dir;

    @Test
    void theDocumentLintsCleanUnderTheStrictRules() throws Exception {
        Run lint = redocly(DOCUMENT.toAbsolutePath());
        assertThat(lint.exit()).as(lint.out()).isZero();
    }

    /** The control: the same run on a copy with one operationId taken out fails, naming the rule. */
    @Test
    void aMissingOperationIdFailsTheLint() throws Exception {
        String text = Files.readString(DOCUMENT);
        String broken = text.replaceFirst("\n      operationId: getHealth\n", "\n");
        assertThat(broken).isNotEqualTo(text);
        Path copy = dir.resolve("openapi.yaml");
        Files.writeString(copy, broken);

        Run lint = redocly(copy);
        assertThat(lint.exit()).isNotZero();
        assertThat(lint.out()).contains("operation-operationId");
    }

    private Run redocly(Path document) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(redoclyBinary(), "lint", "--extends=recommended-strict",
                "--format=stylish", "--max-problems=500", document.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // No update check and no usage report: the test must not reach the network.
        builder.environment().put("REDOCLY_TELEMETRY", "off");
        builder.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        builder.directory(dir.toFile());
        Process process = builder.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("redocly lint finished").isTrue();
        return new Run(process.exitValue(), new String(out.join(), StandardCharsets.UTF_8));
    }

    /** ./run-tests puts Redocly CLI in .tools/redocly (scripts/install-test-tools.sh); POUW_REDOCLY otherwise. */
    private static String redoclyBinary() {
        String given = System.getenv("POUW_REDOCLY");
        if (given != null && !given.isBlank()) {
            return given;
        }
        Path fetched = Path.of("..", ".tools", "redocly", "node_modules", ".bin", "redocly").toAbsolutePath();
        if (Files.isExecutable(fetched)) {
            return fetched.toString();
        }
        throw new AssertionError("redocly is missing: ./run-tests fetches it into .tools/redocly (needs npm), or set"
                + " POUW_REDOCLY");
    }
}
