package org.pouw.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One name, one class, across every module and test tree: a reader who meets {@code Verdict} or {@code Job} should not
 * have to check which module's it is. Where the same idea has two shapes (the domain's job and the node's JSON of it
 * in pouw-client), the names say which is which.
 */
class ClassNamesTest {
    /** Files that every package may have. */
    private static final List<String> SHARED_NAMES = List.of("package-info.java", "module-info.java");

    @Test
    void noTwoSourceFilesShareAName() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Map<String, List<String>> byName = new TreeMap<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(p -> p.getFileName().toString().startsWith("pouw-")).toList()) {
                for (String tree : List.of("src/main/java", "src/test/java")) {
                    Path sources = module.resolve(tree);
                    if (!Files.isDirectory(sources)) {
                        continue;
                    }
                    try (Stream<Path> files = Files.walk(sources)) {
                        files.filter(p -> p.toString().endsWith(".java"))
                                .filter(p -> !SHARED_NAMES.contains(p.getFileName().toString()))
                                .forEach(p -> byName.computeIfAbsent(p.getFileName().toString(), k -> new ArrayList<>())
                                        .add(root.relativize(p).toString()));
                    }
                }
            }
        }
        assertThat(byName).as("the build's sources").hasSizeGreaterThan(500);
        List<String> clashes = byName.values().stream().filter(paths -> paths.size() > 1)
                .map(paths -> String.join(" and ", paths)).toList();
        assertThat(clashes).as("class names used more than once").isEmpty();
    }
}
