package org.pouw.cli.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import org.pouw.node.logs.RotatingLogFile;

/**
 * The last lines of the node's log that pass a filter, across rotation: {@code pouw.log} first, then
 * {@code pouw.log.1}, {@code pouw.log.2}, … until enough lines are found, returned oldest first. Each file is at most
 * {@code log.file_max_bytes}, so reading one whole is bounded.
 */
public final class LogTail {
    private LogTail() {
    }

    public static List<LogLine> last(Path folder, int count, Predicate<LogLine> keep) {
        Deque<LogLine> newestFirst = new ArrayDeque<>();
        for (int n = 0; newestFirst.size() < count; n++) {
            Path file = RotatingLogFile.rotated(folder, n);
            if (!Files.exists(file)) {
                if (n == 0) {
                    continue; // between a rotation's rename and the new file: the older ones still hold lines
                }
                break;
            }
            List<LogLine> lines = read(file);
            for (int i = lines.size() - 1; i >= 0 && newestFirst.size() < count; i--) {
                if (keep.test(lines.get(i))) {
                    newestFirst.addLast(lines.get(i));
                }
            }
        }
        List<LogLine> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    private static List<LogLine> read(Path file) {
        List<String> texts;
        try {
            texts = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of(); // rotated away while we looked: its lines are in the next file
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        LogLineReader reader = new LogLineReader();
        List<LogLine> lines = new ArrayList<>(texts.size());
        for (String text : texts) {
            lines.add(reader.next(text));
        }
        return lines;
    }
}
