package org.pouw.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** A secret written owner-only (0600) from its first byte, whole or not at all, and over another only when asked. */
final class ProtectedFile {
    private ProtectedFile() {
    }

    static void refuseOverwrite(Path file, boolean force) {
        if (Files.exists(file) && !force) {
            throw new CommandFailed("file_exists", file + " already exists; pass --force to replace it",
                    ExitCodes.REFUSED);
        }
    }

    static void write(Path file, byte[] bytes) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = Files.createTempFile(parent, "." + file.getFileName(), ".partial",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(partial, bytes);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
