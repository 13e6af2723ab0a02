package org.pouw.cli.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The disk-full scenarios' filler: a file written until its file system answers ENOSPC. */
final class FillerFile {
    private FillerFile() {
    }

    /** Writes {@code bytes} (rounded up to 64 KiB) into {@code file}: a disk made nearly full, not full. */
    static void take(Path file, long bytes) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < bytes; written += chunk.length) {
                out.write(chunk);
            }
        }
    }

    /** Writes {@code file} until the file system says it is full; returns the bytes it took. */
    static long fillUp(Path file) {
        byte[] chunk = new byte[64 * 1024];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(chunk);
                written += chunk.length;
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).as("the filler stopped because the disk is full")
                    .containsIgnoringCase("space");
        }
        return written;
    }
}
