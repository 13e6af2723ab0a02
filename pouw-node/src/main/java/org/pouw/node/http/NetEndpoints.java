package org.pouw.node.http;

import io.helidon.http.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.pouw.core.PouwException;
import org.pouw.crypto.DidKey;
import org.pouw.node.net.ChainNetwork;
import org.pouw.node.net.SyncProgress;
import org.pouw.node.peers.PeerEventLog;
import org.pouw.node.peers.PeerNetwork;
import org.pouw.p2p.ConnectionKeeper;
import org.pouw.p2p.KeptPeer;
import org.pouw.p2p.PeerInfo;
import org.pouw.p2p.PeerNode;
import org.pouw.p2p.discovery.IpLiteral;
import org.pouw.p2p.peers.Ban;
import org.pouw.p2p.peers.KnownAddress;
import org.pouw.p2p.policy.LinkPurpose;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The node's view of the peer-to-peer network (issue 20 §5; docs/api.md "The network"): its status for anyone, and
 * for the admin key its peers, manual connections and bans. Who a node's peers are is what an eclipse attacker
 * would like to know, so only the operator sees them. A node without {@code p2p.enabled} answers 404
 * {@code p2p_disabled}.
 */
public final class NetEndpoints implements Endpoints {
    /** Longest ban an operator can set through the API: a year. */
    static final long MAX_BAN_SECONDS = 365L * 24 * 3600;
    private static final Duration DIAL_PATIENCE = Duration.ofSeconds(15);

    private static final int EVENT_PAGE = 200;
    private static final long EVENT_POLL_MS = 1000;

    private final PeerNetwork network;
    private final ChainNetwork chainNetwork;
    private volatile boolean closing;

    /**
     * @param network      the node's network, or null when it joins none
     * @param chainNetwork the chain over it, or null without the chain (then the status has no {@code sync})
     */
    public NetEndpoints(PeerNetwork network, ChainNetwork chainNetwork) {
        this.network = network;
        this.chainNetwork = chainNetwork;
    }

    /** Ends open event streams, so the server can stop. */
    public void close() {
        closing = true;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/v1/net/status", served(this::status));
        routes.get("/v1/net/peers", served(this::peers));
        routes.get("/v1/net/events", served(this::events));
        routes.post("/v1/net/peers", served(this::add));
        routes.post("/v1/net/peers/{peer}/disconnect", served(this::disconnect));
        routes.get("/v1/net/bans", served(this::bans));
        routes.post("/v1/net/bans", served(this::ban));
        routes.post("/v1/net/bans/{subject}/lift", served(this::unban));
    }

    private Consumer<ApiCall> served(Consumer<ApiCall> endpoint) {
        return call -> {
            if (network == null) {
                ApiErrors.send(call.response(), Status.NOT_FOUND_404, ApiErrors.body("p2p_disabled",
                        "this node joins no peer-to-peer network (p2p.enabled = false in its config)", null));
                return;
            }
            endpoint.accept(call);
        };
    }

    private void status(ApiCall call) {
        PeerNode node = network.node();
        ConnectionKeeper keeper = network.keeper();
        ObjectNode out = ApiJson.object();
        out.put("peer_id", node.self().toString());
        out.put("listen_port", node.port());
        ObjectNode links = out.putObject("peers");
        int outbound = 0;
        for (Map.Entry<LinkPurpose, Integer> count : keeper.linkCounts().entrySet()) {
            links.put(count.getKey().label(), count.getValue());
            if (count.getKey().outbound()) {
                outbound += count.getValue();
            }
        }
        out.put("outbound", outbound);
        out.put("inbound", keeper.linkCounts().get(LinkPurpose.INBOUND));
        ObjectNode addresses = out.putObject("addresses");
        addresses.put("new", keeper.addresses().newCount());
        addresses.put("tried", keeper.addresses().triedCount());
        addresses.put("collisions", keeper.addresses().collisionCount());
        out.put("bans", node.bans().active().size());
        out.put("tip_stale", keeper.isTipStale());
        if (chainNetwork != null) {
            SyncProgress progress = chainNetwork.progress();
            ObjectNode sync = out.putObject("sync");
            sync.put("height", progress.height());
            sync.put("target_height", progress.targetHeight());
            sync.put("progress", Math.floor(progress.fraction() * 10_000) / 10_000);
            sync.put("caught_up", progress.caughtUp());
            sync.put("syncing", progress.syncing());
            sync.put("headers_held", progress.headersHeld());
        }
        call.json(out);
    }

    private void peers(ApiCall call) {
        call.admin();
        PeerNode node = network.node();
        Map<DidKey, PeerInfo> infos = new java.util.HashMap<>();
        node.peers().forEach(info -> infos.put(info.peerId(), info));
        ObjectNode out = ApiJson.object();
        ArrayNode peers = out.putArray("peers");
        for (KeptPeer peer : network.keeper().peers()) {
            ObjectNode row = peers.addObject();
            row.put("peer_id", peer.peerId().toString());
            row.put("address", peer.address());
            row.put("purpose", peer.purpose().label());
            row.put("direction", peer.purpose().outbound() ? "outbound" : "inbound");
            row.put("group", peer.group());
            row.put("connected_at", peer.connectedAt().toString());
            // Microseconds, whole: a loopback or LAN round trip is well under a millisecond, and durations in this
            // API are whole numbers of their unit.
            if (peer.minRtt() == null) {
                row.putNull("min_rtt_us");
            } else {
                row.put("min_rtt_us", peer.minRtt().toNanos() / 1_000);
            }
            row.put("last_block_at", peer.lastBlockAt().getEpochSecond() == 0 ? null
                    : peer.lastBlockAt().toString());
            row.put("last_tx_at", peer.lastTxAt().getEpochSecond() == 0 ? null : peer.lastTxAt().toString());
            row.put("best_height", peer.bestHeight());
            row.put("listen_address", peer.listenAddress());
            row.put("score", node.score(peer.peerId()));
            PeerInfo info = infos.get(peer.peerId());
            ArrayNode capabilities = row.putArray("capabilities");
            if (info != null) {
                info.capabilities().forEach(capabilities::add);
            }
        }
        call.json(out);
    }

    /**
     * The operator's stream of peers connecting, leaving and banned (Server-Sent Events, admin only): each event's
     * {@code id} is its sequence in this run of the node, so {@code Last-Event-ID} (or {@code ?after=}) resumes.
     */
    private void events(ApiCall call) {
        call.admin();
        PeerEventLog log = network.events();
        SseFeed.serve(call, new SseFeed.Log() {
            @Override
            public List<SseFeed.Item> after(long seq, int limit) {
                return log.after(seq, limit).stream()
                        .map(entry -> new SseFeed.Item(entry.seq(), entry.type(), entry.data())).toList();
            }

            @Override
            public void awaitAfter(long seq, long timeoutMs) throws InterruptedException {
                log.awaitAfter(seq, timeoutMs);
            }
        }, EVENT_PAGE, EVENT_POLL_MS, () -> closing);
    }

    private void add(ApiCall call) {
        call.admin();
        String address = call.body(List.of("address")).string("address");
        KnownAddress target = KnownAddress.parse(address, "", java.time.Instant.EPOCH)
                .orElseThrow(() -> PouwException.invalid("address", "must be host:port or [ipv6]:port"));
        DidKey peer;
        try {
            peer = network.keeper().addManual(target.host(), target.port())
                    .get(DIAL_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable why = e instanceof ExecutionException ? e.getCause() : e;
            ApiErrors.send(call.response(), Status.BAD_GATEWAY_502, ApiErrors.body("peer_unreachable",
                    "could not connect to " + target.hostAndPort() + ": " + why.getMessage(), "address"));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dialing " + address, e);
        }
        ObjectNode out = ApiJson.object();
        out.put("peer_id", peer.toString());
        out.put("address", target.hostAndPort());
        call.json(Status.CREATED_201, out);
    }

    private void disconnect(ApiCall call) {
        call.admin();
        DidKey peer = didKey(call.pathParam("peer"), "peer");
        if (!network.node().isConnected(peer)) {
            throw PouwException.notFound("connected peer " + peer);
        }
        network.node().disconnect(peer);
        ObjectNode out = ApiJson.object();
        out.put("peer_id", peer.toString());
        out.put("disconnected", true);
        call.json(out);
    }

    private void bans(ApiCall call) {
        call.admin();
        ObjectNode out = ApiJson.object();
        ArrayNode bans = out.putArray("bans");
        for (Ban ban : network.node().bans().active()) {
            bans.addObject().put("subject", ban.subject()).put("until", ban.until().toString())
                    .put("reason", ban.reason());
        }
        call.json(out);
    }

    private void ban(ApiCall call) {
        call.admin();
        RequestBody body = call.body(List.of("subject", "duration_s", "reason"));
        String subject = subject(body.string("subject"));
        long seconds = body.integer("duration_s", 86_400);
        if (seconds < 1 || seconds > MAX_BAN_SECONDS) {
            throw PouwException.invalid("duration_s", "must be 1 to " + MAX_BAN_SECONDS + " seconds");
        }
        String reason = body.string("reason", "banned by the operator");
        if (reason.length() > 200) {
            throw PouwException.invalid("reason", "must be at most 200 characters");
        }
        PeerNode node = network.node();
        node.bans().ban(subject, Duration.ofSeconds(seconds), reason);
        for (PeerInfo peer : node.peers()) {
            if (peer.peerId().toString().equals(subject) || peer.address().equals(subject)) {
                node.disconnect(peer.peerId());
            }
        }
        Ban ban = node.bans().active().stream().filter(b -> b.subject().equals(subject)).findFirst().orElseThrow();
        ObjectNode out = ApiJson.object();
        out.put("subject", ban.subject());
        out.put("until", ban.until().toString());
        out.put("reason", ban.reason());
        call.json(Status.CREATED_201, out);
    }

    private void unban(ApiCall call) {
        call.admin();
        String subject = subject(call.pathParam("subject"));
        if (!network.node().bans().isBanned(subject)) {
            throw PouwException.notFound("ban of " + subject);
        }
        network.node().bans().unban(subject);
        ObjectNode out = ApiJson.object();
        out.put("subject", subject);
        out.put("lifted", true);
        call.json(out);
    }

    /** A ban's subject: a peer id or an IP literal, in the canonical form bans are kept under. */
    private static String subject(String text) {
        if (DidKey.isValid(text)) {
            return text;
        }
        return IpLiteral.parse(text).map(java.net.InetAddress::getHostAddress).orElseThrow(() ->
                PouwException.invalid("subject", "must be a peer id (did:key) or an IP address, got '" + text + "'"));
    }

    private static DidKey didKey(String text, String field) {
        if (!DidKey.isValid(text)) {
            throw PouwException.invalid(field, "must be a did:key, got '" + text + "'");
        }
        return DidKey.parse(text);
    }
}
