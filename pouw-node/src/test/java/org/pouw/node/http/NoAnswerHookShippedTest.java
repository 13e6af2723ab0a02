package org.pouw.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The commit-then-halt hook of the failure tests must never reach a packaged node ({@link BeforeAnswerHook}): no main
 * source tree of any module registers a {@link BeforeAnswerHook} or holds its implementation, and a node built from
 * them finds none.
 */
class NoAnswerHookShippedTest {
    private static final String SERVICE = "META-INF/services/" + BeforeAnswerHook.class.getName();

    @Test
    void noMainSourceTreeRegistersOrImplementsAnAnswerHook() throws IOException {
        List<Path> modules;
        try (Stream<Path> all = Files.list(Path.of(".."))) {
            modules = all.filter(module -> Files.isDirectory(module.resolve("src/main"))).toList();
        }
        assertThat(modules).as("the repository's modules").hasSizeGreaterThan(5);
        for (Path module : modules) {
            assertThat(module.resolve("src/main/resources").resolve(SERVICE)).as(module + " registers a hook")
                    .doesNotExist();
            try (Stream<Path> sources = Files.walk(module.resolve("src/main"))) {
                List<Path> implementing = sources.filter(file -> file.toString().endsWith(".java"))
                        .filter(file -> read(file).contains("implements BeforeAnswerHook")).toList();
                assertThat(implementing).as("hooks in " + module + "'s main sources").isEmpty();
            }
        }
    }

    @Test
    void aNodeOnItsOwnClassPathFindsNoHook() {
        assertThat(BeforeAnswerHook.installed()).isEmpty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
