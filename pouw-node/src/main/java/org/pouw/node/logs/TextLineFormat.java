package org.pouw.node.logs;

import java.util.logging.LogRecord;

/**
 * {@code log.format = text}: {@code <time> <LEVEL> <logger>: <message>}, then the request's fields in brackets and
 * the count of warnings like it held back; a thrown exception's stack trace on the lines after.
 */
final class TextLineFormat extends LineFormat {
    @Override
    String line(LogRecord record, long suppressed) {
        StringBuilder out = new StringBuilder(160);
        out.append(record.getInstant()).append(' ').append(LevelNames.of(record.getLevel())).append(' ')
                .append(record.getLoggerName()).append(": ").append(message(record));
        RequestLogContext.current().ifPresent(context -> {
            out.append(" [request_id=").append(context.requestId());
            context.did().ifPresent(did -> out.append(" did=").append(did));
            context.jobId().ifPresent(job -> out.append(" job_id=").append(job));
            out.append(']');
        });
        if (suppressed > 0) {
            out.append(" (").append(suppressed).append(" more like this held back)");
        }
        out.append('\n');
        if (record.getThrown() != null) {
            out.append(stackTrace(record.getThrown()));
        }
        return out.toString();
    }
}
