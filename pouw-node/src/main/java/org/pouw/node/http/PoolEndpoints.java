package org.pouw.node.http;

import io.helidon.http.Status;
import java.util.Optional;
import java.util.function.Consumer;
import org.pouw.node.poolclient.PoolRead;
import org.pouw.node.poolclient.PoolStatusRelay;

/**
 * The node's read of its mining pool (docs/api.md "The pool"; issue 29 §1, the console's pool view): the totals
 * for anyone, the miners for the admin key only, since a pool's miners are its customers. Relayed from the first
 * pool of {@code mining_pool.pool_url} that answers and kept a few seconds ({@link PoolStatusRelay}). A node with no
 * pool client ({@code gate.enabled} and {@code mining_pool.enabled} both needed) answers 404 {@code pool_disabled};
 * no pool answering, or none answering in the expected shape, is 503 {@code pool_unavailable} naming each pool and
 * what was wrong with it.
 */
public final class PoolEndpoints implements Endpoints {
    private final Optional<PoolStatusRelay> relay;

    public PoolEndpoints(Optional<PoolStatusRelay> relay) {
        this.relay = relay;
    }

    @Override
    public void register(RouteTable routes) {
        routes.get("/v1/pool/status", served(this::status));
        routes.get("/v1/pool/miners", served(this::miners));
    }

    private Consumer<ApiCall> served(Consumer<ApiCall> endpoint) {
        return call -> {
            if (relay.isEmpty()) {
                ApiErrors.send(call.response(), Status.NOT_FOUND_404, ApiErrors.body("pool_disabled",
                        "this node has no mining pool (mining_pool.enabled with gate.enabled in its config)", null));
                return;
            }
            endpoint.accept(call);
        };
    }

    private void status(ApiCall call) {
        answer(call, relay.orElseThrow().status());
    }

    private void miners(ApiCall call) {
        call.admin();
        int limit = (int) call.queryLong("limit", 100, 1, 1000);
        answer(call, relay.orElseThrow().miners(limit));
    }

    private static void answer(ApiCall call, PoolRead read) {
        switch (read) {
            case PoolRead.Answered answered -> call.json(answered.body());
            case PoolRead.Unavailable unavailable -> ApiErrors.send(call.response(),
                    Status.SERVICE_UNAVAILABLE_503, ApiErrors.body("pool_unavailable", unavailable.detail(), null));
        }
    }
}
