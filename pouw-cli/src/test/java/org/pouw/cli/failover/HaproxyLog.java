package org.pouw.cli.failover;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What HAProxy (run with {@code -db}, logging to stderr, which the scenario sends to a file) says about the shipped
 * {@code pouw_nodes} backend: its servers' state changes, and the requests it logged when each ended.
 */
final class HaproxyLog {
    private static final Pattern SERVER_OF_REQUEST = Pattern.compile(" pouw pouw_nodes/(\\S+) ");

    private final Path file;

    HaproxyLog(Path file) {
        this.file = file;
    }

    /** The whole log so far ("" before HAProxy wrote anything). */
    String text() {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException notYet) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * How often HAProxy logged {@code server} as stopping: its drain state, entered on a 404 from {@code /readyz}
     * ({@code http-check disable-on-404}), in which it sends the server no new requests. HAProxy prints each state
     * change twice (as a warning and as a log line), so this counts the log lines only.
     */
    long stoppingCount(String server) {
        return lines().stream().filter(line -> line.startsWith("Server pouw_nodes/" + server + " is stopping"))
                .count();
    }

    /** The first state line logged for {@code server} after its {@code nth} (1-based) "is stopping" line, or "". */
    String stateAfterStopping(String server, long nth) {
        List<String> states = lines().stream().filter(line -> line.startsWith("Server pouw_nodes/" + server + " is "))
                .toList();
        long seen = 0;
        for (int i = 0; i < states.size(); i++) {
            if (states.get(i).startsWith("Server pouw_nodes/" + server + " is stopping") && ++seen == nth) {
                return i + 1 < states.size() ? states.get(i + 1) : "";
            }
        }
        return "";
    }

    /** The servers that served a request for {@code path} which ended (HAProxy logs a request when it ends). */
    Set<String> serversOf(String path) {
        return lines().stream().filter(line -> line.contains("\"GET " + path)).map(SERVER_OF_REQUEST::matcher)
                .filter(Matcher::find).map(match -> match.group(1)).collect(Collectors.toSet());
    }

    /** How many requests for {@code path} HAProxy logged as ended. */
    long requestsOf(String path) {
        return lines().stream().filter(line -> line.contains("\"GET " + path)).count();
    }

    private List<String> lines() {
        return text().lines().toList();
    }
}
