package org.pouw.node.logs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Writes every record that reaches it as one line (see {@link LineFormat}) to a stream — stderr in a running node —
 * on the thread that logs, so the line can carry that thread's request. Warnings and errors pass the
 * {@link WarningLimiter} first; audit lines never do: each admin action is written.
 */
public final class NodeLogHandler extends Handler {
    private final OutputStream out;
    private final LineFormat format;
    private final WarningLimiter warnings;

    public NodeLogHandler(OutputStream out, LineFormat format, WarningLimiter warnings) {
        this.out = out;
        this.format = format;
        this.warnings = warnings;
        setFormatter(format);
        setLevel(Level.ALL);
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null || !isLoggable(record)) {
            return;
        }
        long suppressed = 0;
        if (record.getLevel().intValue() >= Level.WARNING.intValue() && !AuditLog.LOGGER.equals(record.getLoggerName())) {
            WarningLimiter.Verdict verdict = warnings.admit(WarningLimiter.key(record.getLoggerName(),
                    record.getSourceClassName(), record.getSourceMethodName(), record.getMessage()));
            if (!verdict.write()) {
                return;
            }
            suppressed = verdict.suppressedBefore();
        }
        String line;
        try {
            line = format.line(record, suppressed);
        } catch (RuntimeException e) {
            reportError("cannot format a log record", e, ErrorManager.FORMAT_FAILURE);
            return;
        }
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                reportError("cannot write a log line", e, ErrorManager.WRITE_FAILURE);
            }
        }
    }

    @Override
    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            reportError("cannot flush the log", e, ErrorManager.FLUSH_FAILURE);
        }
    }

    /** Flushes; the stream is the caller's (stderr is never closed). */
    @Override
    public void close() {
        flush();
    }
}
