package org.pouw.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One in-process {@code pouw} run with stdout and stderr captured. */
public record CliRun(int exit, String out, String err) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static synchronized CliRun of(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = PouwCli.run(args);
            return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    public List<JsonNode> jsonLines() {
        return out.lines().map(JSON::readTree).toList();
    }

    /** The last JSON line (the result of train, the whole answer of evaluate). */
    public JsonNode lastJson() {
        return jsonLines().getLast();
    }

    public String firstErrorLine() {
        return err.lines().findFirst().orElse("");
    }
}
