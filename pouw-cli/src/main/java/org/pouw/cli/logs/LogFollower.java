package org.pouw.cli.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.Consumer;
import org.pouw.node.logs.RotatingLogFile;

/**
 * Follows {@code pouw.log} as the node appends to it, through rotations: the node renames the file it wrote to
 * {@code pouw.log.1} and begins a new one, so when the name points at another file (its file key changed) the
 * follower reads the renamed file it still holds open to its end, then goes on with the new file from its start. No
 * line is lost or repeated across a rotation. Lines are handed on whole; a line the node is still writing waits for
 * its line end. Runs until its thread is interrupted.
 */
public final class LogFollower {
    private static final long POLL_MS = 100;
    /** The most files {@code log.file_count} keeps. */
    private static final int MAX_FILES = 1000;

    private final Path file;
    private final Consumer<LogLine> sink;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private LogLineReader reader = new LogLineReader();
    private FileChannel channel;
    private Object key;
    private long position;

    /** Opens the log now: what is appended from this moment on is followed. */
    public LogFollower(Path folder, Consumer<LogLine> sink) {
        this.file = RotatingLogFile.rotated(folder, 0);
        this.sink = Objects.requireNonNull(sink);
        try {
            open();
            position = channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    /** Hands on lines until the thread is interrupted; then closes the file. */
    public void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (readMore() > 0) {
                    continue;
                }
                if (rotated()) {
                    readMore(); // the old file is complete once the node has moved on: take its last lines
                    openSuccessor();
                    position = 0;
                    reader = new LogLineReader();
                    partial.reset();
                    continue;
                }
                if (channel.size() < position) {
                    position = 0; // cut short by hand: read it again from its start
                    partial.reset();
                }
                Thread.sleep(POLL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } finally {
            closeQuietly();
        }
    }

    private int readMore() throws IOException {
        int total = 0;
        int read;
        while ((read = channel.read(buffer.clear(), position)) > 0) {
            position += read;
            total += read;
            byte[] bytes = buffer.array();
            for (int i = 0; i < read; i++) {
                if (bytes[i] == '\n') {
                    String text = partial.toString(StandardCharsets.UTF_8);
                    partial.reset();
                    sink.accept(reader.next(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text));
                } else {
                    partial.write(bytes[i]);
                }
            }
        }
        return total;
    }

    /** True when {@code pouw.log} is now another file than the one held open. */
    private boolean rotated() throws IOException {
        Object now = keyOf(file); // null between the rename and the new file: wait for it
        return now != null && !now.equals(key);
    }

    /** Opens {@code pouw.log}, noting which file it is. */
    private void open() throws IOException {
        while (!openChecked(file)) {
            if (keyOf(file) == null) {
                throw new NoSuchFileException(file.toString(), null, "no log file to follow");
            }
            Thread.onSpinWait(); // rotated between the look and the open: look again
        }
    }

    /**
     * Opens the file written after the one just finished: the one a place newer than where the finished file now is
     * ({@code pouw.log.3} follows {@code pouw.log.4}), so several rotations between two looks lose nothing. When the
     * finished file was rotated out altogether (the node wrote {@code log.file_count} files faster than they were
     * read), the oldest file kept is next.
     */
    private void openSuccessor() throws IOException {
        Path folder = file.getParent();
        channel.close();
        while (true) {
            int place = placeOf(folder, key);
            Path next = place > 0 ? RotatingLogFile.rotated(folder, place - 1) : oldest(folder);
            if (openChecked(next)) {
                return;
            }
            Thread.onSpinWait();
        }
    }

    /** True when {@code path} was opened and was the same file just before and just after. */
    private boolean openChecked(Path path) throws IOException {
        Object before = keyOf(path);
        if (before == null) {
            return false;
        }
        FileChannel opened;
        try {
            opened = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return false;
        }
        if (!before.equals(keyOf(path))) {
            opened.close();
            return false;
        }
        channel = opened;
        key = before;
        return true;
    }

    private static int placeOf(Path folder, Object fileKey) throws IOException {
        for (int n = 1; n <= MAX_FILES; n++) {
            Object at = keyOf(RotatingLogFile.rotated(folder, n));
            if (at == null) {
                return -1;
            }
            if (at.equals(fileKey)) {
                return n;
            }
        }
        return -1;
    }

    private static Path oldest(Path folder) throws IOException {
        int n = 0;
        while (n < MAX_FILES && keyOf(RotatingLogFile.rotated(folder, n + 1)) != null) {
            n++;
        }
        return RotatingLogFile.rotated(folder, n);
    }

    /** The file's identity (device and inode on Linux), or null when there is no such file. */
    private static Object keyOf(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException e) {
            // only read from: nothing to lose
        }
    }
}
