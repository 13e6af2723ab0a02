package org.pouw.node.logs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.pouw.core.Clock;

/**
 * Points the process's java.util.logging — which the node's {@link System.Logger}s and Helidon write to — at one
 * {@link NodeLogHandler} in the configured format, in place of the root's handlers. Done once by {@code pouw node
 * start}; closing it puts the previous handlers back (tests run several nodes in one JVM).
 */
public final class NodeLogging implements AutoCloseable {
    /** Held so its level sticks: java.util.logging keeps loggers only weakly. */
    private static final Logger POUW = Logger.getLogger("org.pouw");

    private final Logger root;
    private final List<Handler> previous;
    private final Level previousLevel;
    private final Level previousPouwLevel;
    private final NodeLogHandler handler;
    private final RotatingLogFile file;

    private NodeLogging(Logger root, List<Handler> previous, Level previousLevel, Level previousPouwLevel,
                        NodeLogHandler handler, RotatingLogFile file) {
        this.file = file;
        this.root = root;
        this.previous = previous;
        this.previousLevel = previousLevel;
        this.previousPouwLevel = previousPouwLevel;
        this.handler = handler;
    }

    /**
     * Installs the node's handler on the root logger, writing to {@code out}. Start-up levels, each kept where it was
     * set lower: the root at WARNING (other libraries' chatter stays out), {@code org.pouw} at INFO (the node's own
     * lines, the access and audit logs). They then change at run time through {@link LogLevels}.
     */
    public static NodeLogging install(LogSettings settings, OutputStream out, Clock clock) {
        return install(settings, out, null, clock);
    }

    /**
     * As {@link #install(LogSettings, OutputStream, Clock)}, each line also written to the rotating log file in
     * {@code logFolder} when {@code log.file_max_bytes} is not 0 ({@code pouw logs} reads it).
     */
    public static NodeLogging install(LogSettings settings, OutputStream out, Path logFolder, Clock clock) {
        OutputStream target = out;
        RotatingLogFile file = null;
        if (logFolder != null && settings.fileMaxBytes() > 0) {
            file = new RotatingLogFile(logFolder, settings.fileMaxBytes(), settings.fileCount());
            target = new BothStreams(out, file);
        }
        Logger root = Logger.getLogger("");
        List<Handler> previous = List.of(root.getHandlers());
        for (Handler old : previous) {
            root.removeHandler(old);
        }
        NodeLogHandler handler = new NodeLogHandler(target, LineFormat.of(settings.format()),
                new WarningLimiter(clock, settings.warningRepeats(), settings.warningIntervalMs()));
        root.addHandler(handler);
        Level previousLevel = root.getLevel();
        if (previousLevel == null || previousLevel.intValue() > Level.WARNING.intValue()) {
            root.setLevel(Level.WARNING);
        }
        Level previousPouwLevel = POUW.getLevel();
        if (previousPouwLevel == null || previousPouwLevel.intValue() > Level.INFO.intValue()) {
            POUW.setLevel(Level.INFO);
        }
        AuditLog.pinLevel();
        return new NodeLogging(root, previous, previousLevel, previousPouwLevel, handler, file);
    }

    @Override
    public void close() {
        root.removeHandler(handler);
        handler.close();
        for (Handler old : previous) {
            root.addHandler(old);
        }
        root.setLevel(previousLevel);
        POUW.setLevel(previousPouwLevel);
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // the lines were flushed as written; a failed close loses nothing
            }
        }
    }

    /** Each write goes to both: the stream the caller gave (stderr) and the log file. */
    private static final class BothStreams extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        BothStreams(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            try {
                first.write(bytes, offset, length);
            } finally {
                second.write(bytes, offset, length);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                first.flush();
            } finally {
                second.flush();
            }
        }
    }
}
