package org.pouw.node;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.pouw.core.Clock;
import org.pouw.node.logs.LogFormat;
import org.pouw.node.logs.LogSettings;
import org.pouw.node.logs.NodeLogging;
import tools.jackson.databind.JsonNode;

/**
 * The process's log as {@code pouw node start} sets it up, written to memory instead of stderr: every line the
 * node writes while it is open, for tests to parse. Closing puts the previous handlers back.
 */
final class CapturedLog implements AutoCloseable {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final NodeLogging logging;

    CapturedLog(LogFormat format, Clock clock) {
        logging = NodeLogging.install(new LogSettings(format, 1, 5, 60_000), bytes, clock);
    }

    String text() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** Every line parsed as JSON; a line that is not one JSON object fails the test. */
    List<JsonNode> json() {
        List<JsonNode> out = new ArrayList<>();
        for (String line : text().split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            JsonNode node = RunningNode.JSON.readTree(line);
            if (!node.isObject()) {
                throw new AssertionError("not a JSON object: " + line);
            }
            out.add(node);
        }
        return out;
    }

    List<JsonNode> json(Predicate<JsonNode> which) {
        return json().stream().filter(which).toList();
    }

    /**
     * The one line that matches, awaited: lines about a request (its access and audit lines) are written after its
     * answer is sent, so a client can read the answer first.
     */
    JsonNode awaitOne(Predicate<JsonNode> which) {
        List<JsonNode> found = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .pollInterval(java.time.Duration.ofMillis(10)).until(() -> json(which), lines -> !lines.isEmpty());
        if (found.size() != 1) {
            throw new AssertionError("expected one line, found " + found);
        }
        return found.get(0);
    }

    static Predicate<JsonNode> logger(String name) {
        return line -> line.path("logger").asString("").equals(name);
    }

    @Override
    public void close() {
        logging.close();
    }
}
