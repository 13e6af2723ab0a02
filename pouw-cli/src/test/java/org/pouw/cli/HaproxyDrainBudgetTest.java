package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code deploy/haproxy/haproxy.cfg} against the drain the docs tell operators to give each node: HAProxy
 * sees a stopping node's 404 at most one check period plus one check's timeout after SIGTERM, so the recommended
 * {@code http.drain_ms} must be longer than that, with room for the requests in flight. Also the settings the
 * rolling restart depends on: the drain on a 404, and requests sent again only when they never reached a node.
 */
class HaproxyDrainBudgetTest {
    private static final Path CONFIG = Path.of("..", "deploy", "haproxy", "haproxy.cfg");
    private static final Path OPERATIONS = Path.of("..", "docs", "operations.md");
    /** What a request in flight is given to finish, at least, once HAProxy stopped sending. */
    private static final Duration ROOM = Duration.ofSeconds(1);

    @Test
    void theRecommendedDrainOutlastsHaproxysCheckPeriodAndCheckTimeout() throws IOException {
        String config = Files.readString(CONFIG);
        Duration inter = duration(find(config, "inter \"\\$\\{POUW_CHECK_INTER-(\\w+)\\}\""));
        Duration checkTimeout = duration(find(config, "\\n\\s*timeout check (\\w+)"));
        long recommendedMs = Long.parseLong(find(Files.readString(OPERATIONS),
                "\\| `http.drain_ms` \\|[^\\n]*?\\((\\d+) with the shipped `deploy/haproxy/haproxy.cfg`"));
        assertThat(Duration.ofMillis(recommendedMs)).as("http.drain_ms recommended in docs/operations.md against"
                        + " inter %s + timeout check %s + %s for requests in flight", inter, checkTimeout, ROOM)
                .isGreaterThanOrEqualTo(inter.plus(checkTimeout).plus(ROOM));
    }

    @Test
    void aStoppingNodeIsDrainedAndOnlyRequestsThatNeverReachedANodeAreSentAgain() throws IOException {
        List<String> lines = Files.readAllLines(CONFIG).stream().map(String::strip)
                .filter(line -> !line.startsWith("#")).toList();
        assertThat(lines).contains("http-check disable-on-404", "retry-on conn-failure")
                .anySatisfy(line -> assertThat(line).startsWith("http-check send meth GET uri /readyz ver HTTP/1.1"))
                .anySatisfy(line -> assertThat(line).contains("on-marked-down shutdown-sessions"));
        assertThat(lines.stream().filter(line -> line.startsWith("retry-on"))).as("HAProxy's retry conditions")
                .containsExactly("retry-on conn-failure");
    }

    private static String find(String text, String regex) {
        Matcher match = Pattern.compile(regex).matcher(text);
        assertThat(match.find()).as("/%s/ in the file", regex).isTrue();
        return match.group(1);
    }

    /** HAProxy's time format as used in the file: a number and {@code ms} or {@code s}. */
    private static Duration duration(String value) {
        return value.endsWith("ms") ? Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)))
                : Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
    }
}
