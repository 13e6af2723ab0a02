package org.pouw.cli.stark;

import org.pouw.cli.AtomicFile;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A proof file on disk: written whole or not at all, read back with a size bound. Problems with the file itself
 * (missing, a directory, no permission) are {@link UnusableFile}s, which the CLI reports as a bad command line
 * (exit 2); what the bytes say is the verifier's business.
 */
final class ProofFile {
    /** Far above any proof the library makes (about 100 KB for 2^16 hashes), low enough to read into memory. */
    static final long MAX_BYTES = 64L << 20;

    private ProofFile() {
    }

    /** A file a command cannot use; an IllegalArgumentException so the CLI's handler exits 2 with one line. */
    static final class UnusableFile extends IllegalArgumentException {
        UnusableFile(String message) {
            super(message);
        }
    }

    /** Fails now, not after minutes of proving, if {@code file} cannot be written. */
    static void checkWritable(Path file, String option) {
        if (Files.isDirectory(file)) {
            throw new UnusableFile(option + ": " + file + " is a directory; give a file name");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UnusableFile(option + ": no such directory: " + (parent == null ? file : parent));
        }
        if (!Files.isWritable(parent) || (Files.exists(file) && !Files.isWritable(file))) {
            throw new UnusableFile(option + ": cannot write " + file + ": permission denied");
        }
    }

    /** Writes to a temporary file beside it and renames, so nobody ever reads half a proof. */
    static void write(Path file, byte[] bytes, String option) {
        try {
            AtomicFile.write(file, bytes);
        } catch (IOException e) {
            throw new UnusableFile(option + ": cannot write " + file + ": " + e.getMessage());
        }
    }

    /** The file's size in bytes. */
    static long size(Path file) {
        if (Files.isDirectory(file)) {
            throw new UnusableFile(file + " is a directory, not a proof file");
        }
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static UnusableFile unreadable(Path file, Throwable e) {
        String why = e instanceof NoSuchFileException ? "no such file"
                : e instanceof AccessDeniedException ? "permission denied" : e.getMessage();
        return new UnusableFile("cannot read " + file + ": " + why);
    }
}
