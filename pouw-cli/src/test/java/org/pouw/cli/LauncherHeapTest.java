package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code pouw} launcher bounds the heap it gives a node (issue 18 defect 7), overridably. The real script runs
 * in a copy of the repository's layout whose JDK is a stand-in {@code java} that writes down its arguments, so the
 * test sees exactly the command line the launcher would start.
 */
class LauncherHeapTest {
    @TempDir
    Path root;

    @Test
    void a_node_gets_a_bounded_heap_that_can_be_changed_and_other_commands_keep_the_default() throws Exception {
        assertThat(javaArguments(List.of("node", "start"), Map.of())).contains("-Xmx1g");
        assertThat(javaArguments(List.of("node", "start"), Map.of("POUW_NODE_HEAP", "512m")))
                .contains("-Xmx512m").doesNotContain("-Xmx1g");
        List<String> overridden = javaArguments(List.of("node", "start"), Map.of("POUW_JAVA_OPTS", "-Xmx3g"));
        assertThat(overridden.indexOf("-Xmx3g")).as("an -Xmx of POUW_JAVA_OPTS comes later, so it wins")
                .isGreaterThan(overridden.indexOf("-Xmx1g"));
        assertThat(javaArguments(List.of("worker", "run"), Map.of())).noneMatch(arg -> arg.startsWith("-Xmx"));
    }

    private List<String> javaArguments(List<String> command, Map<String, String> environment) throws Exception {
        Path repository = Path.of("").toAbsolutePath().getParent();
        Files.copy(repository.resolve("pouw"), root.resolve("pouw"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path jdk = root.resolve("jdk");
        Path recorded = root.resolve("arguments.txt");
        executable(jdk.resolve("bin/java"), "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > '" + recorded + "'\n");
        Files.createDirectories(root.resolve("scripts"));
        Files.writeString(root.resolve("scripts/find-jdk.sh"), "JAVA_HOME='" + jdk + "'\n");
        Files.createDirectories(root.resolve("pouw-cli/target"));
        Files.writeString(root.resolve("pouw-cli/target/.built"), ""); // nothing newer: no build
        ProcessBuilder launcher = new ProcessBuilder(concat(List.of("bash", root.resolve("pouw").toString()),
                command)).redirectErrorStream(true);
        launcher.environment().remove("POUW_JAVA_OPTS");
        launcher.environment().remove("POUW_NODE_HEAP");
        launcher.environment().putAll(environment);
        Process process = launcher.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return Files.readAllLines(recorded);
    }

    private static void executable(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
