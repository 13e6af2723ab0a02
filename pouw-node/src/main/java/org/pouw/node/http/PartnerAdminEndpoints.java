package org.pouw.node.http;

import io.helidon.http.Status;
import java.util.List;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.partner.PartnerBudget;
import org.pouw.gate.partner.PartnerDirectory;
import org.pouw.gate.partner.PartnerKey;
import org.pouw.gate.partner.StoredPartnerKey;
import org.pouw.node.gate.PartnerAdministration;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Partner management over HTTP, for the node's admin key only (issue 21 §4; docs/api.md "Partners"): register,
 * issue a key (its only showing), revoke, set a budget, list. Keys are listed by prefix; a key or its hash never
 * leaves the node after the answer that issued it.
 */
final class PartnerAdminEndpoints implements Endpoints {
    private final PartnerAdministration partners;

    PartnerAdminEndpoints(PartnerAdministration partners) {
        this.partners = partners;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/v1/admin/partners", this::list);
        routes.post("/v1/admin/partners", this::add);
        routes.post("/v1/admin/partners/{partner}/keys", this::issueKey);
        routes.post("/v1/admin/partners/{partner}/keys/{prefix}/revoke", this::revoke);
        routes.post("/v1/admin/partners/{partner}/budget", this::budget);
    }

    private void add(ApiCall call) {
        call.admin();
        RequestBody body = call.body(List.of("partner", "tokens_per_interval", "interval_ms"));
        String partner = body.string("partner");
        if (!PartnerDirectory.isPartnerId(partner)) {
            throw PouwException.invalid("partner", "must be 1…63 of [a-z0-9-], starting with a letter or digit");
        }
        PartnerBudget budget = budget(body);
        call.auditNote().detail("partner", partner).detail("tokens_per_interval",
                Long.toString(budget.tokensPerInterval())).detail("interval_ms", Long.toString(budget.intervalMs()));
        if (partners.register(partner, budget).isPresent()) {
            throw new PouwException(Problem.CONFLICT, "partner " + partner + " is registered already");
        }
        call.json(Status.CREATED_201, partnerJson(new PartnerAdministration.Listing(partner, budget, List.of())));
    }

    private void issueKey(ApiCall call) {
        call.admin();
        String partner = call.pathParam("partner");
        GateVerdict<PartnerKey> verdict = partners.issueKey(partner);
        if (verdict instanceof GateVerdict.Rejected<PartnerKey> refused) {
            if (refused.reason() == RejectionReason.KEY_LIMIT) {
                ApiErrors.send(call.response(), Status.CONFLICT_409, ApiErrors.body("key_limit", refused.detail()
                        + " (rotate: issue the new key while one is active, move the partner over, then revoke the "
                        + "old)", null));
                return;
            }
            throw PouwException.notFound("partner " + partner);
        }
        PartnerKey key = ((GateVerdict.Accepted<PartnerKey>) verdict).value();
        ObjectNode out = ApiJson.object();
        out.put("partner", partner);
        out.put("prefix", key.prefix());
        out.put("key", key.reveal());
        out.put("note", "shown once: the node keeps only the prefix and the key's SHA-256");
        call.json(Status.CREATED_201, out);
    }

    private void revoke(ApiCall call) {
        call.admin();
        String partner = call.pathParam("partner");
        String prefix = call.pathParam("prefix");
        if (partners.revoke(partner, prefix).isPresent()) {
            throw PouwException.notFound("key " + prefix + " of partner " + partner);
        }
        ObjectNode out = ApiJson.object();
        out.put("partner", partner);
        out.put("prefix", prefix);
        out.put("revoked", true);
        call.json(out);
    }

    private void budget(ApiCall call) {
        call.admin();
        String partner = call.pathParam("partner");
        PartnerBudget budget = budget(call.body(List.of("tokens_per_interval", "interval_ms")));
        call.auditNote().detail("tokens_per_interval", Long.toString(budget.tokensPerInterval()))
                .detail("interval_ms", Long.toString(budget.intervalMs()));
        if (partners.setBudget(partner, budget).isPresent()) {
            throw PouwException.notFound("partner " + partner);
        }
        call.json(partnerJson(partners.list().stream().filter(p -> p.id().equals(partner)).findFirst()
                .orElseThrow()));
    }

    private void list(ApiCall call) {
        call.admin();
        ObjectNode out = ApiJson.object();
        ArrayNode items = out.putArray("partners");
        partners.list().forEach(listing -> items.add(partnerJson(listing)));
        call.json(out);
    }

    private static PartnerBudget budget(RequestBody body) {
        long tokens = body.integer("tokens_per_interval");
        if (tokens < 1) {
            throw PouwException.invalid("tokens_per_interval", "must be > 0, got " + tokens);
        }
        long interval = body.integer("interval_ms");
        if (interval < 1) {
            throw PouwException.invalid("interval_ms", "must be > 0, got " + interval);
        }
        return new PartnerBudget(tokens, interval);
    }

    private static ObjectNode partnerJson(PartnerAdministration.Listing listing) {
        ObjectNode out = ApiJson.object();
        out.put("partner", listing.id());
        out.put("tokens_per_interval", listing.budget().tokensPerInterval());
        out.put("interval_ms", listing.budget().intervalMs());
        ArrayNode keys = out.putArray("keys");
        for (StoredPartnerKey key : listing.keys()) {
            keys.addObject().put("prefix", key.prefix()).put("revoked", key.revoked());
        }
        return out;
    }
}
