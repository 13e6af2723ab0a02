package org.pouw.node.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pouw.core.Clock;
import org.pouw.core.job.ProverStats;
import org.pouw.core.job.ReputationRecord;
import org.pouw.core.market.Reputation;
import org.pouw.core.port.Storage;
import org.pouw.core.standing.ProverPace;
import org.pouw.core.standing.ProverStanding;
import org.pouw.core.standing.ProverStandings;
import org.pouw.core.work.WorkKinds;
import org.pouw.node.config.NodeConfig;
import org.pouw.store.RestoreEpoch;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Status, fee pool, provers, health and the Prometheus scrape endpoint. */
public final class SystemEndpoints implements Endpoints {
    public static final String VERSION = "0.1.0";

    private final NodeConfig config;
    private final Storage storage;
    private final WorkKinds kinds;
    private final PrometheusMeterRegistry registry;
    private final Clock clock;
    private final long startedAtMs;
    private final String nodeDid;
    private final String restoreEpoch;
    private final java.util.function.Supplier<String> miningPool;
    private final Drain drain;

    /**
     * @param miningPool what {@code /readyz} says of the pool client: {@code off}, {@code available} or
     *                   {@code unavailable} (every pool's breaker open) — said, never a reason to be unready
     * @param drain      once begun, {@code /readyz} answers 404 {@code draining}
     */
    public SystemEndpoints(NodeConfig config, Storage storage, WorkKinds kinds, PrometheusMeterRegistry registry,
                           Clock clock, String nodeDid, java.util.function.Supplier<String> miningPool, Drain drain) {
        this.miningPool = miningPool;
        this.drain = drain;
        this.config = config;
        this.storage = storage;
        this.kinds = kinds;
        this.registry = registry;
        this.clock = clock;
        this.startedAtMs = clock.millis();
        this.nodeDid = nodeDid;
        this.restoreEpoch = RestoreEpoch.text(RestoreEpoch.of(storage)); // set only while no node runs
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/v1/pouw/system/status", this::status);
        routes.get("/v1/pouw/pool", this::pool);
        routes.get("/v1/pouw/provers", this::provers);
        routes.get("/v1/pouw/metrics", this::metrics);
        routes.get("/healthz", call -> call.json(ApiJson.object().put("status", "alive")));
        routes.get("/readyz", this::ready);
    }

    private void status(ApiCall call) {
        ObjectNode out = ApiJson.object();
        out.put("mode", config.mode().wire());
        out.put("pouw_mode", config.mode().wire());
        out.put("zk_mode", config.zkMode().wire());
        out.put("version", VERSION);
        out.put("uptime_ms", clock.millis() - startedAtMs);
        out.put("storage", storage.backend());
        out.put("node_did", nodeDid);
        ArrayNode names = out.putArray("kinds");
        kinds.names().forEach(names::add);
        storage.read(tx -> {
            out.set("queue", ApiJson.queue(tx.jobs().stats()));
            out.put("last_event_seq", tx.events().lastSeq());
            out.put("restore_epoch", restoreEpoch);
            out.set("claiming", OperatorEndpoints.claimingJson(tx.operator().claimingPause().orElse(null)));
            return null;
        });
        call.json(out);
    }

    private void pool(ApiCall call) {
        call.json(ApiJson.pool(storage.read(tx -> tx.ledger().pool())));
    }

    private void provers(ApiCall call) {
        ObjectNode out = ApiJson.object();
        ArrayNode items = out.putArray("provers");
        long now = clock.millis();
        storage.read(tx -> {
            List<ProverStats> provers = tx.jobs().provers();
            Map<String, ProverStanding> standings = ProverStandings.of(tx, provers,
                    config.market().discipline().probationMs(), now);
            Map<String, ReputationRecord> reputations = new HashMap<>();
            tx.jobs().reputations().forEach(record -> reputations.put(record.proverId(), record));
            Map<String, ProverPace> paces = tx.jobs().paces();
            provers.forEach(p -> items.add(ApiJson.withPace(ApiJson.prover(p, standings.get(p.proverId()),
                    Reputation.permille(reputations.getOrDefault(p.proverId(), ReputationRecord.none(p.proverId())),
                            now)), paces.getOrDefault(p.proverId(), ProverPace.FRESH), now)));
            return null;
        });
        call.json(out);
    }

    private void metrics(ApiCall call) {
        call.response().header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        call.response().send(registry.scrape().getBytes(StandardCharsets.UTF_8));
    }

    private String claiming() {
        try {
            return storage.read(tx -> tx.operator().claimingPause()).isPresent() ? "paused" : "open";
        } catch (RuntimeException unanswered) {
            return "unknown"; // the probe's own answer about the database is what decides readiness
        }
    }

    private void ready(ApiCall call) {
        if (drain.started()) {
            // 404, not 503: HAProxy's disable-on-404 then drains the node (no new requests, those in flight
            // finish) instead of marking it down, which with on-marked-down shutdown-sessions would cut them.
            call.json(Status.NOT_FOUND_404, ApiErrors.body("draining", "the node is stopping: it finishes the"
                    + " requests it has and takes no new ones", null));
        } else if (storage.writesStopped().isPresent()) {
            // Fail-stop after a failed fsync: unready until an operator restarts the node, so a load balancer
            // sends writes elsewhere. Reads still answer on this node for whoever reaches it.
            call.json(Status.SERVICE_UNAVAILABLE_503, ApiErrors.body("storage_sync_failed", "the node stopped"
                    + " taking writes after an fsync of its database failed; restart it once the disk is checked: "
                    + storage.writesStopped().get(), null));
        } else if (storage.isReachable()) {
            // A pool outage is reported, not fatal: pow tokens and everything else still work (issue 23 §5).
            // A pause of claiming is said too, never a reason to be unready: posting and submitting still work.
            call.json(ApiJson.object().put("status", "ready").put("storage", storage.backend())
                    .put("mining_pool", miningPool.get()).put("claiming", claiming()));
        } else {
            call.json(Status.SERVICE_UNAVAILABLE_503, ApiErrors.body("unavailable", "the database is unreachable",
                    null));
        }
    }
}
