package org.pouw.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pouw.client.system.QueueCounts;
import org.pouw.client.system.SystemStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code pouw nodes list|status}: several nodes named in a {@code nodes.toml} at once. */
@Command(name = "nodes", description = "Several nodes at once, named in a nodes.toml ([[node]] name, url,"
        + " token_file).", subcommands = {NodesCommand.ListNodes.class, NodesCommand.Status.class})
final class NodesCommand {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The {@code --nodes} and {@code --json} options of the two verbs. */
    static final class Options {
        @Option(names = "--nodes", paramLabel = "FILE", defaultValue = "${env:POUW_NODES:-nodes.toml}",
                description = "the nodes file (default ${DEFAULT-VALUE})")
        Path nodes;

        @Option(names = "--json", description = "print JSON for machines")
        boolean json;
    }

    @Command(name = "list", description = "List the nodes of the nodes file (asks none of them).")
    static final class ListNodes implements Callable<Integer> {
        @Mixin
        Options options;

        @Override
        public Integer call() {
            NodesFile file = NodesFile.read(options.nodes);
            ArrayNode nodes = JSON.createArrayNode();
            StringBuilder table = new StringBuilder(String.format("%-16s %-40s %s", "NAME", "URL", "TOKEN"));
            for (NodesFile.Entry node : file.nodes()) {
                nodes.addObject().put("name", node.name()).put("url", node.url())
                        .put("token_file", node.tokenFile().map(Path::toString).orElse(null));
                table.append(String.format("%n%-16s %-40s %s", node.name(), node.url(),
                        node.tokenFile().map(Path::toString).orElse("-")));
            }
            ObjectNode out = JSON.createObjectNode();
            out.set("nodes", nodes);
            new Printer(options.json).print(out, table.toString());
            return ExitCodes.OK;
        }
    }

    @Command(name = "status", description = "Ask every node of the nodes file how it is doing; exit 3 if any is"
            + " down.")
    static final class Status implements Callable<Integer> {
        @Mixin
        Options options;

        @Override
        public Integer call() {
            return show(options.nodes, options.json);
        }
    }

    /** One row each, up or down; a node that does not answer is down, never a crash. Shared with {@code --nodes}. */
    static int show(Path nodesFile, boolean json) {
        NodesFile file = NodesFile.read(nodesFile);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ArrayNode rows = JSON.createArrayNode();
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-16s %-32s %-5s %-8s %s", "NAME", "URL", "STATE", "MODE", "QUEUE"));
        int down = 0;
        for (NodesFile.Entry node : file.nodes()) {
            ObjectNode row = rows.addObject().put("name", node.name()).put("url", node.url());
            try {
                SystemStatus status = SystemStatus.from(get(http, node));
                QueueCounts q = status.queue();
                row.put("up", true).put("pouw_mode", status.pouwMode()).put("version", status.version());
                row.set("queue", status.json().path("queue"));
                lines.add(String.format("%-16s %-32s %-5s %-8s %d pending · %d in progress · %d completed · %d dead"
                        + " letter", node.name(), node.url(), "up", status.pouwMode(), q.pending(), q.inProgress(),
                        q.completed(), q.deadLetter()));
            } catch (NodeDown e) {
                down++;
                row.put("up", false).put("error", e.getMessage());
                lines.add(String.format("%-16s %-32s %-5s %-8s %s", node.name(), node.url(), "down", "-",
                        e.getMessage()));
            }
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("nodes", rows);
        out.put("up", file.nodes().size() - down).put("down", down);
        new Printer(json).print(out, String.join(System.lineSeparator(), lines));
        return down == 0 ? ExitCodes.OK : ExitCodes.UNREACHABLE;
    }

    private static tools.jackson.databind.JsonNode get(HttpClient http, NodesFile.Entry node) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url() + "/v1/pouw/system/status"))
                .timeout(Duration.ofSeconds(10)).GET();
        node.token().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new NodeDown("unreachable (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeDown("interrupted");
        }
        if (response.statusCode() != 200) {
            throw new NodeDown("answered " + response.statusCode());
        }
        try {
            return JSON.readTree(response.body());
        } catch (RuntimeException e) {
            throw new NodeDown("answered something that is not JSON");
        }
    }

    /** A node that did not give its status: shown as down. */
    private static final class NodeDown extends RuntimeException {
        NodeDown(String message) {
            super(message, null, false, false);
        }
    }
}
