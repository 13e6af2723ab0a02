package org.pouw.node.logs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Structured fields of one log line, passed as the record's only parameter: the JSON format writes them as an object
 * under {@code name}, the text format keeps to the message. Values are strings, numbers, booleans, lists of numbers
 * or maps of strings.
 */
public record LogFields(String name, Map<String, Object> values) {
    public LogFields {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The fields of {@code record}, when it carries some. */
    static java.util.Optional<LogFields> of(java.util.logging.LogRecord record) {
        Object[] parameters = record.getParameters();
        return parameters != null && parameters.length == 1 && parameters[0] instanceof LogFields fields
                ? java.util.Optional.of(fields) : java.util.Optional.empty();
    }
}
