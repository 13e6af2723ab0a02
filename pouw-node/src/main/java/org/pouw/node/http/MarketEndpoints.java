package org.pouw.node.http;

import org.pouw.core.PouwException;
import org.pouw.core.ledger.Accounts;
import org.pouw.core.market.BasePrices;
import org.pouw.core.market.DemandRule;
import org.pouw.core.market.JobMarket;
import org.pouw.core.port.KindPrice;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The market's prices (issue 27, item 1; docs/economics.md): the base price of each kind this node runs now (its
 * fixed price, or where its queue has moved it), what the node has kept of base fees, and a quote of the base fee of
 * so many steps, so a client can fund an intent before posting it. A quote is computed, never stored.
 */
public final class MarketEndpoints implements Endpoints {
    /** More steps than any intent setting allows; a quote beyond it is a mistake, not a question. */
    private static final long MAX_QUOTE_STEPS = 1L << 40;

    private final JobMarket market;

    public MarketEndpoints(JobMarket market) {
        this.market = market;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/v1/pouw/market/prices", this::prices);
        routes.get("/v1/pouw/market/quote", this::quote);
    }

    private void prices(ApiCall call) {
        BasePrices floors = market.settings().basePrices();
        DemandRule demand = market.settings().demand();
        ObjectNode out = ApiJson.object();
        ArrayNode kinds = out.putArray("kinds");
        for (String kind : market.kinds().names()) {
            KindPrice price = market.price(kind);
            ObjectNode item = kinds.addObject().put("kind", kind)
                    .put("base_price_per_1000_steps", price.price())
                    .put("floor_per_1000_steps", floors.perThousandSteps(kind))
                    .put("follows_demand", demand.follows(kind));
            if (demand.follows(kind)) {
                item.put("target_steps", demand.targetSteps(kind)).put("pending_steps", price.pendingSteps())
                        .put("interval", price.interval());
            }
        }
        out.put("price_interval_ms", demand.intervalMs());
        out.put("reward_permille", market.settings().rewardPermille());
        long kept = market.storage().read(tx -> tx.ledger().balance(Accounts.MARKET_BASE));
        out.put("base_fees_kept", kept);
        call.json(out);
    }

    private void quote(ApiCall call) {
        String kind = call.query("kind", null);
        if (kind == null || market.kinds().find(kind).isEmpty()) {
            throw PouwException.invalid("kind", "must be one of " + market.kinds().names() + ", got " + kind);
        }
        long steps = call.queryLong("steps", -1, 0, MAX_QUOTE_STEPS);
        if (steps < 0) {
            throw PouwException.invalid("steps", "is required: the steps to price (for a program, at most its"
                    + " max_steps)");
        }
        long price = market.price(kind).price();
        ObjectNode out = ApiJson.object();
        out.put("kind", kind);
        out.put("steps", steps);
        out.put("base_price_per_1000_steps", price);
        out.put("base_fee", BasePrices.feeAt(price, steps));
        call.json(out);
    }
}
