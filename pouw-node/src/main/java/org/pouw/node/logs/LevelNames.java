package org.pouw.node.logs;

import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;

/**
 * Level names as operators write them — the {@link System.Logger.Level} names the node's code logs with — mapped to
 * java.util.logging, which the node logs through: TRACE = FINER, DEBUG = FINE, INFO, WARNING, ERROR = SEVERE.
 */
final class LevelNames {
    private LevelNames() {
    }

    /** The level a line is written with. */
    static String of(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (value >= Level.WARNING.intValue()) {
            return "WARNING";
        }
        if (value >= Level.INFO.intValue()) {
            return "INFO";
        }
        if (value >= Level.FINE.intValue()) {
            return "DEBUG";
        }
        return "TRACE";
    }

    /** The level an operator named (any case), or empty when it is none of them. */
    static Optional<Level> parse(String name) {
        return Optional.ofNullable(switch (name.strip().toUpperCase(Locale.ROOT)) {
            case "ALL" -> Level.ALL;
            case "TRACE" -> Level.FINER;
            case "DEBUG" -> Level.FINE;
            case "INFO" -> Level.INFO;
            case "WARNING", "WARN" -> Level.WARNING;
            case "ERROR" -> Level.SEVERE;
            case "OFF" -> Level.OFF;
            default -> null;
        });
    }

    /** The name of a logger's own level as an operator sets it; ALL and OFF keep their names. */
    static String setting(Level level) {
        if (level.equals(Level.ALL)) {
            return "ALL";
        }
        if (level.equals(Level.OFF)) {
            return "OFF";
        }
        return of(level);
    }
}
