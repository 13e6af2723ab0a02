package org.pouw.cli.logs;

import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the lines of one log file in order, remembering the last record's level and logger for the lines of a stack
 * trace that follow it. A text record starts {@code <time> <LEVEL> <logger>: }; a JSON record is one object with
 * {@code level} and {@code logger}. A record never straddles two files (the node rotates between records), so a new
 * reader per file is right.
 */
public final class LogLineReader {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LogLevel level;
    private String logger = "";

    public LogLine next(String text) {
        Optional<LogLine> record = text.startsWith("{") ? jsonRecord(text) : textRecord(text);
        if (record.isPresent()) {
            level = record.get().level();
            logger = record.get().logger();
            return record.get();
        }
        return new LogLine(text, level, logger, true);
    }

    private static Optional<LogLine> textRecord(String text) {
        String[] parts = text.split(" ", 4);
        if (parts.length < 4 || parts[0].isEmpty() || !Character.isDigit(parts[0].charAt(0))
                || !parts[0].contains("T") || !parts[2].endsWith(":")) {
            return Optional.empty();
        }
        return LogLevel.parse(parts[1]).map(level -> new LogLine(text, level,
                parts[2].substring(0, parts[2].length() - 1), false));
    }

    private static Optional<LogLine> jsonRecord(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return LogLevel.parse(node.path("level").asString("")).map(level -> new LogLine(text, level,
                node.path("logger").asString(""), false));
    }
}
