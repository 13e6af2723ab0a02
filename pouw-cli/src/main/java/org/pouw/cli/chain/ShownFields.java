package org.pouw.cli.chain;

import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One list of named values shown two ways at once: a JSON object for {@code --json} (snake_case names, numbers as
 * numbers) and aligned {@code name  value} lines for people — so the two forms can not drift apart.
 */
final class ShownFields {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int LABEL_WIDTH = 18;

    private final ObjectNode json;
    private final StringBuilder text = new StringBuilder();

    ShownFields() {
        this(JSON.createObjectNode());
    }

    private ShownFields(ObjectNode json) {
        this.json = json;
    }

    ShownFields text(String field, String value) {
        if (value == null) {
            json.putNull(field);
            return line(field, "-");
        }
        json.put(field, value);
        return line(field, value);
    }

    ShownFields number(String field, long value) {
        json.put(field, value);
        return line(field, String.format(Locale.ROOT, "%,d", value));
    }

    /** A yes/no fact: a JSON boolean, "yes" or "no" for people. */
    ShownFields flag(String field, boolean value) {
        json.put(field, value);
        return line(field, value ? "yes" : "no");
    }

    /** A JSON value copied as is, shown to people by {@code shown}. */
    ShownFields raw(String field, JsonNode value, String shown) {
        json.set(field, value);
        return line(field, shown);
    }

    /** A line for people only (a heading or a note); JSON carries the same facts in its fields. */
    ShownFields note(String line) {
        text.append(line).append('\n');
        return this;
    }

    ObjectNode json() {
        return json;
    }

    String humanText() {
        return text.toString().stripTrailing();
    }

    private ShownFields line(String field, String value) {
        String label = field.replace('_', ' ');
        text.append(String.format(Locale.ROOT, "%-" + LABEL_WIDTH + "s %s%n", label, value));
        return this;
    }
}
