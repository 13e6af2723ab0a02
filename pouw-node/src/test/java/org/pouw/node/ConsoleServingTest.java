package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;

/**
 * The web console's files as a browser gets them (docs/console.md): the right media types, a policy that allows no
 * inline script and no other origin, no content sniffing, revalidated caching, 404 for anything that is not one of
 * its files, and nothing at all when {@code console.enabled = false}.
 */
class ConsoleServingTest {
    private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @TempDir
    Path dir;

    @Test
    void the_page_and_its_modules_come_with_their_types_the_policy_and_nosniff() {
        try (RunningNode node = new RunningNode(dir, Map.of(), new SettableClock(1_700_000_000_000L))) {
            RunningNode.Reply page = node.get("/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(header(page, "content-type")).isEqualTo("text/html; charset=utf-8");
            assertThat(new String(page.bytes(), StandardCharsets.UTF_8))
                    .contains("<script type=\"module\" src=\"/console/app.js\"></script>")
                    .doesNotContain("<script>");
            Map<String, String> types = Map.of("app.js", "text/javascript; charset=utf-8",
                    "console.css", "text/css; charset=utf-8", "icon.svg", "image/svg+xml");
            types.forEach((name, type) -> {
                RunningNode.Reply asset = node.get("/console/" + name);
                assertThat(asset.status()).as(name).isEqualTo(200);
                assertThat(header(asset, "content-type")).as(name).isEqualTo(type);
            });
            for (String path : List.of("/", "/console/app.js", "/console/console.css")) {
                RunningNode.Reply reply = node.get(path);
                assertThat(header(reply, "content-security-policy")).as(path).isEqualTo(POLICY);
                assertThat(header(reply, "x-content-type-options")).as(path).isEqualTo("nosniff");
                assertThat(header(reply, "cache-control")).as(path).isEqualTo("no-cache");
                assertThat(header(reply, "etag")).as(path).matches("\"[0-9a-f]{32}\"");
            }
        }
    }

    @Test
    void an_unchanged_file_is_answered_304_without_a_body() {
        try (RunningNode node = new RunningNode(dir, Map.of(), new SettableClock(1_700_000_000_000L))) {
            String etag = header(node.get("/console/app.js"), "etag");
            RunningNode.Reply again = node.send(HttpRequest.newBuilder(URI.create(node.base + "/console/app.js"))
                    .header("If-None-Match", etag).GET());
            assertThat(again.status()).isEqualTo(304);
            assertThat(again.bytes()).isEmpty();
            RunningNode.Reply other = node.send(HttpRequest.newBuilder(URI.create(node.base + "/console/app.js"))
                    .header("If-None-Match", "\"0123\"").GET());
            assertThat(other.status()).isEqualTo(200);
        }
    }

    @Test
    void anything_but_a_console_file_is_404() {
        try (RunningNode node = new RunningNode(dir, Map.of(), new SettableClock(1_700_000_000_000L))) {
            for (String path : List.of("/console/missing.js", "/console/app.java", "/console/..%2Fpom.xml",
                    "/console/%2e%2e%2fapp.js", "/console/PouwNode.class", "/console/", "/console/a/app.js",
                    "/index.html")) {
                RunningNode.Reply reply = node.get(path);
                assertThat(reply.status()).as(path).isEqualTo(404);
                assertThat(reply.code()).as(path).isEqualTo("not_found");
            }
        }
    }

    @Test
    void turned_off_the_node_serves_no_console_and_still_its_api() {
        try (RunningNode node = new RunningNode(dir, Map.of("console.enabled", "false"),
                new SettableClock(1_700_000_000_000L))) {
            assertThat(node.get("/").status()).isEqualTo(404);
            assertThat(node.get("/console/app.js").status()).isEqualTo(404);
            assertThat(node.get("/healthz").status()).isEqualTo(200);
            assertThat(node.node.routes()).noneMatch(route -> route.path().equals("/")
                    || route.path().startsWith("/console"));
        }
    }

    private static String header(RunningNode.Reply reply, String name) {
        return reply.headers().getOrDefault(name, List.of("")).getFirst();
    }
}
