package org.pouw.node.config;

import java.util.Map;

/** Reads one setting's text as a typed value, naming the setting in the error; shared by every settings parser. */
public final class SettingText {
    private SettingText() {
    }

    public static boolean bool(Map<String, String> raw, String name) {
        String value = raw.get(name).strip();
        if (!value.equals("true") && !value.equals("false")) {
            throw new ConfigException(name + " must be true or false, got '" + value + "'");
        }
        return value.equals("true");
    }

    public static long number(Map<String, String> raw, String name, long min, long max) {
        long value;
        try {
            value = Long.parseLong(raw.get(name).strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number, got '" + raw.get(name) + "'");
        }
        if (value < min || value > max) {
            throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }
}
