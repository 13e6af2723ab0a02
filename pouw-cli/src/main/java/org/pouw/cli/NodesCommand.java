package org.pouw.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pouw.client.NodeException;
import org.pouw.client.PouwClient;
import org.pouw.client.system.QueueCounts;
import org.pouw.client.system.SystemStatus;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
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
        ArrayNode rows = JSON.createArrayNode();
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-16s %-32s %-5s %-8s %s", "NAME", "URL", "STATE", "MODE", "QUEUE"));
        int down = 0;
        for (NodesFile.Entry node : file.nodes()) {
            ObjectNode row = rows.addObject().put("name", node.name()).put("url", node.url());
            try {
                SystemStatus status = status(node);
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

    private static SystemStatus status(NodesFile.Entry node) {
        try (PouwClient client = new PouwClient(URI.create(node.url()), Ed25519.KeyPair.generate(),
                Duration.ofSeconds(10), Clock.system())) {
            return node.token().isPresent() ? client.system().status(node.token().get()) : client.system().status();
        } catch (NodeException e) {
            throw new NodeDown(e.status() == NodeException.UNREACHABLE ? "unreachable"
                    : "answered " + e.status());
        } catch (RuntimeException e) {
            throw new NodeDown("answered something that is not its status");
        }
    }

    /** A node that did not give its status: shown as down. */
    private static final class NodeDown extends RuntimeException {
        NodeDown(String message) {
            super(message, null, false, false);
        }
    }
}
