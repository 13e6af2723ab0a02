package org.pouw.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {
    @TempDir
    Path dir;

    @Test
    void aCreatedKeyLoadsBackOwnerOnly() throws Exception {
        Path file = dir.resolve("keys/worker.key");
        Ed25519.KeyPair key = Ed25519.KeyPair.generate();
        KeyFile.create(file, key);
        assertThat(KeyFile.load(file).did()).isEqualTo(key.did());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains(key.did().toString());
    }

    @Test
    void neverOverwritesAnIdentity() throws Exception {
        Path file = dir.resolve("a.key");
        KeyFile.create(file, Ed25519.KeyPair.generate());
        assertThatThrownBy(() -> KeyFile.create(file, Ed25519.KeyPair.generate()))
                .isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void loadOrCreateKeepsTheFirstKey() throws Exception {
        Path file = dir.resolve("admin.key");
        Ed25519.KeyPair first = KeyFile.loadOrCreate(file);
        assertThat(KeyFile.loadOrCreate(file).did()).isEqualTo(first.did());
    }

    @Test
    void namesWhatIsWrong() throws Exception {
        Path file = dir.resolve("bad.key");
        Files.writeString(file, "private_key = abc\n");
        assertThatThrownBy(() -> KeyFile.load(file)).hasMessageContaining("private_key must be 64 hex digits");
        Files.writeString(file, "colour = red\n");
        assertThatThrownBy(() -> KeyFile.load(file)).hasMessageContaining("unknown setting 'colour'");
        Files.writeString(file, "did = did:key:z6MkWrong\nprivate_key = " + "11".repeat(32) + "\n");
        assertThatThrownBy(() -> KeyFile.load(file)).hasMessageContaining("does not match");
    }
}
