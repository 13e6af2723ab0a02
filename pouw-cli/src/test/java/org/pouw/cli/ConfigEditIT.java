package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.node.config.ConfigLoader;

/**
 * Issue 29 §3: {@code pouw config edit} runs {@code $EDITOR} (here a small script, as a process, not a terminal),
 * keeps a valid change and, for an invalid one, leaves the old file untouched and exits 4.
 */
class ConfigEditIT {
    @TempDir
    Path dir;

    private record Outcome(int exit, String out) {
    }

    private Outcome edit(Path file, String editorScript) throws Exception {
        Path editor = dir.resolve("editor-" + System.nanoTime() + ".sh");
        Files.writeString(editor, "#!/bin/sh\n" + editorScript + "\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        Path log = dir.resolve("edit-" + System.nanoTime() + ".out");
        ProcessBuilder builder = CliProcess.builder(dir, log, "config", "edit", "--config", file.toString());
        builder.environment().remove("VISUAL");
        builder.environment().put("EDITOR", editor.toString());
        Process process = builder.start();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return new Outcome(process.exitValue(), Files.readString(log) + Files.readString(
                log.resolveSibling(log.getFileName() + ".err")));
    }

    @Test
    void a_valid_edit_is_kept_and_an_invalid_one_leaves_the_file_untouched() throws Exception {
        Path file = dir.resolve("pouw.toml");
        assertThat(CliRun.of("config", "init", "--template", "node", "--out", file.toString()).exit()).isZero();
        String before = Files.readString(file);

        Outcome valid = edit(file, "sed -i 's/^port = 8642$/port = 9200/' \"$1\"");
        assertThat(valid.exit()).as(valid.out()).isZero();
        assertThat(valid.out()).contains("saved " + file);
        assertThat(ConfigLoader.load(file, Map.of(), Map.of()).httpPort()).isEqualTo(9200);

        String good = Files.readString(file);
        Outcome invalid = edit(file, "sed -i 's/^port = 9200$/port = \"ninety\"/' \"$1\"");
        assertThat(invalid.exit()).as(invalid.out()).isEqualTo(ExitCodes.CONFIG);
        assertThat(invalid.out()).contains("left unchanged").contains("http.port");
        assertThat(Files.readString(file)).isEqualTo(good).isNotEqualTo(before);

        Outcome failed = edit(file, "exit 3");
        assertThat(failed.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(Files.readString(file)).isEqualTo(good);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no edit copy left behind")
                    .noneMatch(name -> name.contains(".edit-"));
        }
    }
}
