package org.pouw.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pouw.node.auth.Tokens;

/** The one token secret that nodes on one PostgreSQL database share, made once per test as an operator would. */
final class TokenSecretFile {
    private TokenSecretFile() {
    }

    /** {@code dir/shared.secret}, made by {@link Tokens#createSecret} on first use; its path as a setting's value. */
    static String shared(Path dir) {
        Path file = dir.resolve("shared.secret");
        try {
            if (!Files.exists(file)) {
                Tokens.createSecret(file);
            }
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
