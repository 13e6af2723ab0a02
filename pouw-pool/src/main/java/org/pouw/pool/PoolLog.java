package org.pouw.pool;

import java.time.Instant;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pool's structured log (issue 23 §6; docs/pool.md §6a): one JSON object a line on standard error, {@code
 * {"ts","level","event",…}} with the event's own string members, so a log shipper needs no pattern to read it.
 * Secrets never reach it: callers pass identities (a did, an extranonce1), reasons and counts, never keys or
 * passwords.
 */
public final class PoolLog {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PoolLog() {
    }

    /** An event at level {@code info}; {@code fields} alternate name and value. */
    public static void event(String event, String... fields) {
        write("info", event, fields);
    }

    /** Something an operator must look at: the share ledger or the node not answering. */
    public static void warn(String event, String... fields) {
        write("warn", event, fields);
    }

    static String line(String level, String event, Instant at, String... fields) {
        if (fields.length % 2 != 0) {
            throw new IllegalArgumentException("log fields come in name, value pairs");
        }
        ObjectNode line = JSON.createObjectNode();
        line.put("ts", at.toString());
        line.put("level", level);
        line.put("event", event);
        for (int i = 0; i < fields.length; i += 2) {
            line.put(fields[i], fields[i + 1]);
        }
        return JSON.writeValueAsString(line);
    }

    private static void write(String level, String event, String... fields) {
        // Wall time only stamps the line for the reader; no rule of the pool depends on it.
        String text = line(level, event, Instant.now(), fields);
        synchronized (System.err) {
            System.err.println(text);
        }
    }
}
