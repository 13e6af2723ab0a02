package org.pouw.store.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without redis-server the Redis tests fail, saying how to install it: never a silent skip. */
class RedisServerProcessTest {
    @TempDir
    Path folder;

    @Test
    void aMissingRedisServerFailsSayingHowToInstallIt() {
        assertThatThrownBy(() -> RedisServerProcess.findIn(folder.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("redis-server is not installed")
                .hasMessageContaining("apt-get install redis-server")
                .hasMessageContaining("./run-tests");
    }

    @Test
    void anExecutableOnTheSearchPathIsFound() throws IOException {
        Path fake = Files.createFile(folder.resolve("redis-server"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        assertThat(RedisServerProcess.findIn("/nonexistent:" + folder)).isEqualTo(fake.toString());
    }
}
