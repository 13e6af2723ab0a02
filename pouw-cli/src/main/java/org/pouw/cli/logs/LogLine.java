package org.pouw.cli.logs;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One line of the node's log file with the level and logger it belongs to. A line of a stack trace (text format)
 * carries no level of its own; it belongs to the record above it, whose level and logger it takes, so a level filter
 * keeps a record's trace with it.
 *
 * @param text       the line as written, without its line end
 * @param level      the record's level, or null when no record was seen above an unparsable line
 * @param logger     the record's logger, or empty
 * @param continuing true for a line that continues the record above (a stack trace)
 */
public record LogLine(String text, LogLevel level, String logger, boolean continuing) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The line as one JSON object: a JSON-format line as it is; a text-format record as {@code time}, {@code level},
     * {@code logger}, {@code message}; a continuing line as {@code level}, {@code logger}, {@code message} and
     * {@code "continues": true}.
     */
    public JsonNode json() {
        if (text.startsWith("{")) {
            try {
                return JSON.readTree(text);
            } catch (RuntimeException e) {
                // not JSON after all: described as text below
            }
        }
        ObjectNode out = JSON.createObjectNode();
        String message = text;
        if (!continuing && level != null) {
            int space = text.indexOf(' ');
            out.put("time", text.substring(0, space));
            int colon = text.indexOf(": ", space);
            message = colon < 0 ? "" : text.substring(colon + 2);
        }
        if (level != null) {
            out.put("level", level.name());
        }
        out.put("logger", logger);
        out.put("message", message);
        if (continuing) {
            out.put("continues", true);
        }
        return out;
    }
}
