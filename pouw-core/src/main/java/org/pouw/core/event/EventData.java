package org.pouw.core.event;

/**
 * Builds the small flat JSON objects carried in {@link Event#data()}; the domain has no JSON library and needs
 * nothing more than strings and numbers.
 */
public final class EventData {
    private final StringBuilder json = new StringBuilder("{");

    public static EventData of() {
        return new EventData();
    }

    public EventData put(String name, String value) {
        key(name);
        quote(value);
        return this;
    }

    public EventData put(String name, long value) {
        key(name);
        json.append(value);
        return this;
    }

    /** A finite number (the caller checks; JSON has no NaN or infinity). */
    public EventData put(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, got " + value);
        }
        key(name);
        json.append(value);
        return this;
    }

    public EventData put(String name, boolean value) {
        key(name);
        json.append(value);
        return this;
    }

    /** Embeds {@code jsonText}, a JSON value this code base produced itself (never one read from a request). */
    public EventData putJson(String name, String jsonText) {
        key(name);
        json.append(jsonText);
        return this;
    }

    @Override
    public String toString() {
        return json + "}";
    }

    private void key(String name) {
        if (json.length() > 1) {
            json.append(',');
        }
        quote(name);
        json.append(':');
    }

    private void quote(String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
