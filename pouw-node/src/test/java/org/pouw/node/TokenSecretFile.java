package org.pouw.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/** The one token secret that nodes on one PostgreSQL database share, made once per test as an operator would. */
final class TokenSecretFile {
    private TokenSecretFile() {
    }

    /** {@code dir/shared.secret}, 32 random bytes, created on first use; its path as a setting's value. */
    static String shared(Path dir) {
        Path file = dir.resolve("shared.secret");
        try {
            if (!Files.exists(file)) {
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                Files.createDirectories(dir);
                Files.write(file, secret);
            }
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
