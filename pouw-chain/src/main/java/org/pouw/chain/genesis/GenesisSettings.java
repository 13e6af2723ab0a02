package org.pouw.chain.genesis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pouw.core.PouwException;

/**
 * One block of {@code name = value} lines of a genesis file (the top, an {@code [account …]}, a {@code [dataset …]}
 * or the {@code [audit]} section), read strictly: every setting is taken exactly once by name, and whatever is left
 * over is an unknown setting. Errors name the section, the setting and its line.
 */
final class GenesisSettings {
    private record Setting(String value, int line) {
    }

    private final String section;
    private final int line;
    private final Map<String, Setting> settings = new LinkedHashMap<>();
    /** The line of every setting read so far, for errors found after reading it (the couplings). */
    private final Map<String, Integer> readLines = new LinkedHashMap<>();
    /** The line of the setting read last, for errors found after reading it. */
    private int lastLine;

    GenesisSettings(String section, int line) {
        this.section = section;
        this.line = line;
    }

    String section() {
        return section;
    }

    int line() {
        return line;
    }

    void put(String name, String value, int atLine) {
        if (settings.containsKey(name)) {
            throw fail(name, atLine, "is set twice (first on line " + settings.get(name).line + ")");
        }
        settings.put(name, new Setting(value, atLine));
    }

    String text(String name) {
        Setting setting = settings.remove(name);
        if (setting == null) {
            throw PouwException.invalid(field(name), "missing (section starting on line " + line + ")");
        }
        lastLine = setting.line;
        readLines.put(name, setting.line);
        return setting.value;
    }

    /** A setting that may be left out: its value, or {@code absent} when the section does not set it. */
    String optional(String name, String absent) {
        return settings.containsKey(name) ? text(name) : absent;
    }

    long integer(String name, long min, long max) {
        String value = text(name).replace("_", "");
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw fail(name, lastLine, "'" + value + "' is not a whole number");
        }
        if (parsed < min || parsed > max) {
            throw fail(name, lastLine, "must be in [" + min + ", " + max + "], got " + parsed);
        }
        return parsed;
    }

    int hexInt(String name) {
        String value = text(name).toLowerCase(Locale.ROOT);
        if (!value.matches("0x[0-9a-f]{1,8}")) {
            throw fail(name, lastLine, "'" + value + "' is not a hexadecimal number like 0x2100ffff");
        }
        return Integer.parseUnsignedInt(value.substring(2), 16);
    }

    double fraction(String name) {
        String value = text(name);
        double parsed;
        try {
            parsed = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw fail(name, lastLine, "'" + value + "' is not a number");
        }
        if (!(parsed >= 0 && parsed <= 1)) {
            throw fail(name, lastLine, "must be in [0, 1], got " + value);
        }
        return parsed;
    }

    /** The words of a setting's value, split on spaces. */
    List<String> words(String name) {
        return new ArrayList<>(List.of(text(name).trim().split("\\s+")));
    }

    /** The line a setting read earlier stood on, or the section's first line. */
    int lineOf(String name) {
        return readLines.getOrDefault(name, line);
    }

    int lastLine() {
        return lastLine;
    }

    /** Refuses any setting nobody asked for. */
    void requireAllRead() {
        if (!settings.isEmpty()) {
            Map.Entry<String, Setting> unknown = settings.entrySet().iterator().next();
            throw fail(unknown.getKey(), unknown.getValue().line, "is not a genesis setting here");
        }
    }

    PouwException fail(String name, int atLine, String message) {
        return PouwException.invalid(field(name), message + " (line " + atLine + ")");
    }

    private String field(String name) {
        return section.isEmpty() ? name : section + "." + name;
    }
}
