package org.pouw.cli.logs;

import java.util.Locale;
import java.util.Optional;

/** The levels the node's log writes, least severe first (docs/operations.md, "Logs"). */
public enum LogLevel {
    TRACE, DEBUG, INFO, WARNING, ERROR;

    /** True when a line of this level passes a filter at {@code least}: WARNING shows WARNING and ERROR. */
    public boolean atLeast(LogLevel least) {
        return compareTo(least) >= 0;
    }

    /**
     * The level an operator named, in any case; java.util.logging's names too (SEVERE is ERROR, FINE is DEBUG,
     * FINER and FINEST are TRACE), and WARN.
     */
    public static Optional<LogLevel> parse(String name) {
        return Optional.ofNullable(switch (name.strip().toUpperCase(Locale.ROOT)) {
            case "TRACE", "FINER", "FINEST" -> TRACE;
            case "DEBUG", "FINE" -> DEBUG;
            case "INFO" -> INFO;
            case "WARNING", "WARN" -> WARNING;
            case "ERROR", "SEVERE" -> ERROR;
            default -> null;
        });
    }
}
