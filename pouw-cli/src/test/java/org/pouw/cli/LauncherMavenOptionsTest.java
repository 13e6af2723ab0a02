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
 * The first {@code ./pouw} prints only our own output (issue 29 §3): scripts/find-jdk.sh, which the launcher sources
 * before it builds, lets Maven's Guice use sun.misc.Unsafe quietly on a JDK that knows the option (23 and later) and
 * leaves JDK 21, which refuses unknown options, alone. The version gate runs against stand-in JDKs; the real JDK
 * running this test then starts the real Maven wrapper the way the launcher does, and no WARNING line may appear.
 */
class LauncherMavenOptionsTest {
    private static final String OPTION = "--sun-misc-unsafe-memory-access=allow";

    @TempDir
    Path dir;

    @Test
    void the_option_is_added_from_jdk_23_on_and_never_on_21() throws Exception {
        assertThat(mavenOpts(fakeJdk(21), "")).doesNotContain(OPTION);
        assertThat(mavenOpts(fakeJdk(25), "")).isEqualTo(OPTION);
        assertThat(mavenOpts(fakeJdk(25), "-Xmx2g")).isEqualTo(OPTION + " -Xmx2g");
        assertThat(mavenOpts(fakeJdk(25), "--sun-misc-unsafe-memory-access=warn"))
                .as("an operator's own choice is kept").isEqualTo("--sun-misc-unsafe-memory-access=warn");
    }

    @Test
    void maven_started_as_the_launcher_starts_it_prints_no_warning() throws Exception {
        Path repository = Path.of("").toAbsolutePath().getParent();
        String script = ". scripts/find-jdk.sh && ./mvnw -q -B -o --no-transfer-progress validate -pl pouw-crypto";
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).directory(repository.toFile())
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("MAVEN_OPTS");
        Process maven = builder.start();
        String output = new String(maven.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(maven.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(maven.exitValue()).as(output).isZero();
        assertThat(output.lines()).as("Maven on JDK %s", Runtime.version().feature())
                .noneMatch(line -> line.startsWith("WARNING"));
    }

    private String mavenOpts(Path jdk, String before) throws Exception {
        Path repository = Path.of("").toAbsolutePath().getParent();
        ProcessBuilder builder = new ProcessBuilder("bash", "-c",
                ". \"$1\"/scripts/find-jdk.sh && printf '%s' \"${MAVEN_OPTS:-}\"", "bash", repository.toString())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", jdk.toString());
        env.put("MAVEN_OPTS", before);
        Process shell = builder.start();
        String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(shell.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(shell.exitValue()).as(out).isZero();
        return out;
    }

    /** A JDK folder whose java answers the version query find-jdk.sh asks, as JDK {@code major} would. */
    private Path fakeJdk(int major) throws IOException {
        Path jdk = dir.resolve("jdk" + major);
        Files.createDirectories(jdk.resolve("bin"));
        for (String tool : List.of("java", "javac")) {
            Path file = jdk.resolve("bin").resolve(tool);
            Files.writeString(file, "#!/bin/sh\necho '    java.specification.version = " + major + "' >&2\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return jdk;
    }
}
