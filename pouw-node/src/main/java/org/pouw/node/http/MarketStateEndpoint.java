package org.pouw.node.http;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.pouw.core.PouwException;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.MarketView;
import org.pouw.core.market.ServiceLevels;
import org.pouw.core.port.KindPrice;
import org.pouw.core.port.QueueDepth;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /v1/pouw/market} (issue 27, items 1 and 5; docs/economics.md, "Service levels"): the market's public
 * state — each kind's price now, the open work per kind and tier, how much completed in the window, the time to
 * proof at the 50th and 95th percentiles and the share of deadlines kept, per kind and tier and per prover; a
 * signed-in caller also gets its own levels as a client. The window is one of a closed list, and each window's view
 * is computed at most once per {@link MarketViews#FRESH_MS} on this node, so a flood of reads costs the database
 * nothing more.
 */
public final class MarketStateEndpoint implements Endpoints {
    private final JobMarket market;
    private final MarketViews views;

    public MarketStateEndpoint(JobMarket market, MarketViews views) {
        this.market = market;
        this.views = views;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/v1/pouw/market", this::state);
    }

    private void state(ApiCall call) {
        Optional<String> caller = call.optionalCaller();
        long windowMs = call.queryLong("window_ms", MarketViews.DEFAULT_WINDOW_MS, 1, Long.MAX_VALUE);
        if (!MarketViews.WINDOWS_MS.contains(windowMs)) {
            throw PouwException.invalid("window_ms", "must be one of " + MarketViews.WINDOWS_MS + ", got " + windowMs);
        }
        MarketView view = views.of(windowMs);
        ObjectNode out = ApiJson.object();
        out.put("as_of_ms", view.asOfMs());
        out.put("window_ms", view.windowMs());
        out.put("sampled_jobs", view.sampled());
        out.put("truncated", view.truncated());
        ArrayNode kinds = out.putArray("kinds");
        for (KindPrice price : view.prices()) {
            kinds.addObject().put("kind", price.kind()).put("base_price_per_1000_steps", price.price())
                    .put("follows_demand", market.settings().demand().follows(price.kind()));
        }
        Map<ServiceLevels.KindTier, QueueDepth> depth = new TreeMap<>();
        for (QueueDepth d : view.depth()) {
            depth.put(new ServiceLevels.KindTier(d.kind(), d.tier()), d);
        }
        Map<ServiceLevels.KindTier, ServiceLevels.Level> levels = view.levels().byKindTier();
        TreeMap<ServiceLevels.KindTier, Boolean> groups = new TreeMap<>();
        depth.keySet().forEach(group -> groups.put(group, true));
        levels.keySet().forEach(group -> groups.put(group, true));
        ArrayNode queues = out.putArray("queues");
        for (ServiceLevels.KindTier group : groups.keySet()) {
            QueueDepth d = depth.getOrDefault(group, new QueueDepth(group.kind(), group.tier(), 0, 0, 0));
            ObjectNode item = queues.addObject().put("kind", group.kind()).put("tier", group.tier())
                    .put("pending_jobs", d.pendingJobs()).put("pending_work_units", d.pendingWorkUnits())
                    .put("leased_jobs", d.leasedJobs());
            ServiceLevels.Level level = levels.getOrDefault(group, new ServiceLevels.Level(0, 0, 0, 0));
            level(item, level).put("completed_per_hour", view.perHour(level.completed()));
        }
        ArrayNode provers = out.putArray("provers");
        view.levels().byProver().forEach((prover, level) -> level(provers.addObject().put("prover_id", prover),
                level));
        if (caller.isPresent()) {
            ArrayNode yours = out.putArray("yours");
            view.levels().ofRequester(caller.get()).forEach((group, level) -> level(
                    yours.addObject().put("kind", group.kind()).put("tier", group.tier()), level));
        }
        call.json(out);
    }

    private static ObjectNode level(ObjectNode item, ServiceLevels.Level level) {
        return item.put("completed", level.completed()).put("on_time", level.onTime())
                .put("on_time_permille", level.onTimePermille())
                .put("time_to_proof_p50_ms", level.p50Ms()).put("time_to_proof_p95_ms", level.p95Ms());
    }
}
