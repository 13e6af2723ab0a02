package org.pouw.node.logs;

import java.util.List;
import java.util.Map;
import java.util.logging.LogRecord;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code log.format = json}: one JSON object a line with {@code time} (ISO-8601, UTC), {@code level},
 * {@code logger}, {@code message}; {@code request_id}, {@code did} and {@code job_id} where they apply; a line's
 * structured fields under their name ({@code access}, {@code audit}); {@code suppressed} when warnings like it were
 * held back; and {@code error} ({@code class}, {@code message}, {@code stack}) for a thrown exception.
 */
final class JsonLineFormat extends LineFormat {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    String line(LogRecord record, long suppressed) {
        ObjectNode out = JSON.createObjectNode();
        out.put("time", record.getInstant().toString());
        out.put("level", LevelNames.of(record.getLevel()));
        out.put("logger", record.getLoggerName() == null ? "" : record.getLoggerName());
        out.put("message", message(record));
        RequestLogContext.current().ifPresent(context -> {
            out.put("request_id", context.requestId());
            context.did().ifPresent(did -> out.put("did", did));
            context.jobId().ifPresent(job -> out.put("job_id", job));
        });
        LogFields.of(record).ifPresent(fields -> out.set(fields.name(), object(fields.values())));
        if (suppressed > 0) {
            out.put("suppressed", suppressed);
        }
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            out.putObject("error").put("class", thrown.getClass().getName())
                    .put("message", String.valueOf(thrown.getMessage())).put("stack", stackTrace(thrown));
        }
        return JSON.writeValueAsString(out) + "\n";
    }

    private static ObjectNode object(Map<String, ?> values) {
        ObjectNode out = JSON.createObjectNode();
        values.forEach((name, value) -> {
            switch (value) {
                case null -> out.putNull(name);
                case Integer number -> out.put(name, number);
                case Long number -> out.put(name, number);
                case Boolean flag -> out.put(name, flag);
                case List<?> items -> {
                    ArrayNode array = out.putArray(name);
                    items.forEach(item -> {
                        if (item instanceof Long number) {
                            array.add(number);
                        } else {
                            array.add(String.valueOf(item));
                        }
                    });
                }
                case Map<?, ?> nested -> {
                    ObjectNode inner = out.putObject(name);
                    nested.forEach((key, text) -> inner.put(String.valueOf(key), String.valueOf(text)));
                }
                default -> out.put(name, value.toString());
            }
        });
        return out;
    }
}
