package org.pouw.cli.ml;

import org.pouw.cli.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A file a command writes: checked before any long work starts, written whole or not at all. */
final class OutputFile {
    private OutputFile() {
    }

    /** Fails now, not after an hour of training, if {@code file} cannot be written. */
    static void checkWritable(Path file, String option) {
        if (Files.isDirectory(file)) {
            throw new BadOption(option, file + " is a directory; give a file name");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new BadOption(option, "no such directory: " + (parent == null ? file : parent));
        }
        if (!Files.isWritable(parent) || (Files.exists(file) && !Files.isWritable(file))) {
            throw new BadOption(option, "cannot write " + file + ": permission denied");
        }
    }

    /** Writes to a temporary file beside it and renames, so a reader never sees half a model. */
    static void write(Path file, byte[] bytes, String option) {
        try {
            AtomicFile.write(file, bytes);
        } catch (IOException e) {
            throw new BadOption(option, "cannot write " + file + ": " + e);
        }
    }
}
