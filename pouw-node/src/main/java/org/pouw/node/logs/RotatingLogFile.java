package org.pouw.node.logs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The node's log file in its data folder, {@code logs/pouw.log}, rotated by size, opened at the first line written
 * once the data folder exists (the log never makes the data folder: a start refused before the node made it leaves
 * nothing behind, its lines on stderr only): before a write would take the file
 * past {@code maxBytes} it becomes {@code pouw.log.1} (the older ones move up by one, the one past {@code keep} is
 * deleted) and a new {@code pouw.log} is begun. A write is one whole record (see {@link NodeLogHandler}), so a record
 * never straddles two files; one record longer than {@code maxBytes} gets a file of its own.
 *
 * <p>Rotation renames the file a reader has open rather than copying it, so {@code pouw logs --follow} can read the
 * old file to its end and then go on with the new one without losing a line.
 */
public final class RotatingLogFile extends OutputStream {
    /** Smaller files would rotate at nearly every stack trace. */
    public static final long MIN_MAX_BYTES = 4096;
    public static final String NAME = "pouw.log";
    public static final String FOLDER = "logs";

    private final Path file;
    private final long maxBytes;
    private final int keep;
    private OutputStream out;
    private long size;

    public RotatingLogFile(Path folder, long maxBytes, int keep) {
        if (maxBytes < MIN_MAX_BYTES) {
            throw new IllegalArgumentException("maxBytes must be >= " + MIN_MAX_BYTES + ", got " + maxBytes);
        }
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be >= 1, got " + keep);
        }
        this.file = folder.resolve(NAME);
        this.maxBytes = maxBytes;
        this.keep = keep;
    }

    /** The folder of the log in a node's data folder. */
    public static Path folder(Path dataDir) {
        return dataDir.resolve(FOLDER);
    }

    /** The file a rotation moved to place {@code n} (1 is the newest); {@code pouw.log} itself for 0. */
    public static Path rotated(Path folder, int n) {
        return folder.resolve(n == 0 ? NAME : NAME + "." + n);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        if (out == null) {
            if (!Files.isDirectory(file.getParent().getParent())) {
                return; // the data folder is not made yet (or never will be: a start refused): stderr has the line
            }
            Files.createDirectories(file.getParent());
            open();
        }
        if (size > 0 && size + length > maxBytes) {
            rotate();
        }
        out.write(bytes, offset, length);
        size += length;
    }

    @Override
    public synchronized void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }

    private void rotate() throws IOException {
        out.close();
        Path folder = file.getParent();
        Files.deleteIfExists(rotated(folder, keep));
        for (int n = keep - 1; n >= 0; n--) {
            Path from = rotated(folder, n);
            if (Files.exists(from)) {
                Files.move(from, rotated(folder, n + 1), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        open();
    }

    private void open() throws IOException {
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
        size = Files.size(file);
    }
}
