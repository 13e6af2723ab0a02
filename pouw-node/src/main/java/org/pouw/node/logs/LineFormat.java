package org.pouw.node.logs;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One log record as one line (a stack trace, in the text format, follows on its own lines). The request's fields
 * come from {@link RequestLogContext} on the thread that logs; {@code suppressed} is how many lines like this one the
 * warning limit held back since the last one written.
 */
public abstract sealed class LineFormat extends Formatter permits JsonLineFormat, TextLineFormat {
    public static LineFormat of(LogFormat format) {
        return format == LogFormat.JSON ? new JsonLineFormat() : new TextLineFormat();
    }

    abstract String line(LogRecord record, long suppressed);

    @Override
    public final String format(LogRecord record) {
        return line(record, 0);
    }

    /**
     * The message: a line with structured fields keeps its text as it is (it may hold a client's path, never to be
     * read as a pattern); any other is formatted as java.util.logging formats it.
     */
    final String message(LogRecord record) {
        return LogFields.of(record).isPresent() ? String.valueOf(record.getMessage()) : formatMessage(record);
    }

    static String stackTrace(Throwable thrown) {
        StringWriter out = new StringWriter();
        thrown.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
