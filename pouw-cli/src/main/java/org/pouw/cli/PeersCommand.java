package org.pouw.cli;

import java.util.concurrent.Callable;
import org.pouw.client.PouwClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code pouw peers list|add|remove|ban|unban|sync}: the node's peer-to-peer links and bans (issue 20 §5; docs/p2p.md),
 * with the node's admin key ({@code --key <data_dir>/admin.key}); {@code --json} prints the API's answer.
 */
@Command(name = "peers", description = "List, add and remove the node's peers; ban and unban (admin key).",
        subcommands = {PeersCommand.ListPeers.class, PeersCommand.Add.class, PeersCommand.Remove.class,
                PeersCommand.Ban.class, PeersCommand.Unban.class, PeersCommand.Sync.class})
final class PeersCommand {
    @Command(name = "list", description = "The connected peers: id, address, purpose, group, best ping.")
    static final class ListPeers implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Override
        public Integer call() {
            try (PouwClient client = options.client()) {
                JsonNode answer = client.net().peers();
                StringBuilder human = new StringBuilder();
                for (JsonNode peer : answer.path("peers")) {
                    human.append(String.format("%s  %s  %s  %s  %s%n", peer.path("peer_id").asString(),
                            peer.path("address").asString(), peer.path("purpose").asString(),
                            peer.path("group").asString(), peer.path("min_rtt_us").isNull() ? "-"
                                    : String.format("%.1f ms", peer.path("min_rtt_us").asLong() / 1000.0)));
                }
                human.append(answer.path("peers").size()).append(" peer(s)");
                options.printer().print(answer, human.toString());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "add", description = "Connect to a peer by hand (outside the outbound slots).")
    static final class Add implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Parameters(paramLabel = "HOST:PORT", description = "the peer's p2p address, [ipv6]:port for IPv6")
        String address;

        @Override
        public Integer call() {
            try (PouwClient client = options.client()) {
                JsonNode answer = client.net().addPeer(address);
                options.printer().print(answer, "connected to " + answer.path("peer_id").asString() + " at "
                        + answer.path("address").asString());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", description = "End the link to a connected peer.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Parameters(paramLabel = "PEER_ID", description = "the peer's did:key")
        String peer;

        @Override
        public Integer call() {
            try (PouwClient client = options.client()) {
                JsonNode answer = client.net().removePeer(peer);
                options.printer().print(answer, "disconnected " + peer);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "ban", description = "Ban a peer id or an IP address and end its links.")
    static final class Ban implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Parameters(paramLabel = "SUBJECT", description = "a did:key or an IP address")
        String subject;

        @Option(names = "--seconds", defaultValue = "86400", description = "how long (default ${DEFAULT-VALUE})")
        long seconds;

        @Option(names = "--reason", description = "why, for the record")
        String reason;

        @Override
        public Integer call() {
            try (PouwClient client = options.client()) {
                JsonNode answer = client.net().ban(subject, seconds, reason);
                options.printer().print(answer, "banned " + answer.path("subject").asString() + " until "
                        + answer.path("until").asString());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "unban", description = "Lift a ban at once.")
    static final class Unban implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Parameters(paramLabel = "SUBJECT", description = "a did:key or an IP address")
        String subject;

        @Override
        public Integer call() {
            try (PouwClient client = options.client()) {
                JsonNode answer = client.net().unban(subject);
                options.printer().print(answer, "lifted the ban of " + subject);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "sync", description = "The initial sync's progress as a bar: the node's height against the "
            + "highest its peers stated; --watch redraws it until caught up.")
    static final class Sync implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Option(names = "--watch", description = "ask again every --every-ms until the node has caught up")
        boolean watch;

        @Option(names = "--every-ms", defaultValue = "1000", description = "how often --watch asks (default "
                + "${DEFAULT-VALUE})")
        long everyMs;

        @Override
        public Integer call() throws InterruptedException {
            if (everyMs < 100 || everyMs > 3_600_000) {
                throw new IllegalArgumentException("--every-ms must be 100 to 3600000, got " + everyMs);
            }
            boolean redraw = !options.printer().json() && Terminal.isInteractive();
            try (PouwClient client = options.client()) {
                while (true) {
                    JsonNode sync = client.net().status().path("sync");
                    if (sync.isMissingNode()) {
                        System.err.println("pouw: the node runs no chain (chain.enabled = false): nothing to sync");
                        return ExitCodes.REFUSED;
                    }
                    boolean caughtUp = sync.path("caught_up").asBoolean();
                    String bar = SyncBar.render(sync.path("height").asLong(), sync.path("target_height").asLong(),
                            sync.path("syncing").asBoolean(), Terminal.columns());
                    if (redraw) {
                        System.out.print("\r" + bar);
                        if (caughtUp || !watch) {
                            System.out.println();
                        }
                    } else {
                        options.printer().print(sync, bar);
                    }
                    if (caughtUp || !watch) {
                        return ExitCodes.OK;
                    }
                    Thread.sleep(everyMs);
                }
            }
        }
    }
}
