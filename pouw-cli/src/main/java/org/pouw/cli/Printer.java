package org.pouw.cli;

import java.io.PrintStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Prints a result for people (the given text) or for machines (the JSON), as {@code --json} says. */
public final class Printer {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final boolean json;
    private final PrintStream out;

    Printer(boolean json) {
        this(json, System.out);
    }

    Printer(boolean json, PrintStream out) {
        this.json = json;
        this.out = out;
    }

    public boolean json() {
        return json;
    }

    /** Prints {@code data} as JSON in --json mode, otherwise the human text. */
    public void print(JsonNode data, String human) {
        out.println(json ? JSON.writeValueAsString(data) : human);
    }

    public void line(String human) {
        if (!json) {
            out.println(human);
        }
    }

    public static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) + "…" : id;
    }
}
