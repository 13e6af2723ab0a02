package org.pouw.worker;

import java.util.List;
import java.util.Objects;

/**
 * The market of a node reached over its HTTP API (§5), for {@code pouw worker}: each call is the {@link NodeClient}
 * call of the same name, whose errors already speak the port's language.
 */
public final class HttpMarket implements MarketAccess {
    private final NodeClient client;

    public HttpMarket(NodeClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public String did() {
        return client.did();
    }

    @Override
    public String location() {
        return client.node().toString();
    }

    @Override
    public List<ClaimedJob> claim(List<String> kinds, List<String> tiers, int maxJobs, long leaseMs) {
        return client.claim(kinds, tiers, maxJobs, leaseMs);
    }

    @Override
    public Lease renew(String jobId, String leaseToken, long extendMs) {
        return client.renew(jobId, leaseToken, extendMs);
    }

    @Override
    public byte[] commit(String jobId, String leaseToken, byte[] commitment) {
        return client.commit(jobId, leaseToken, commitment);
    }

    @Override
    public SubmitResult submit(String jobId, String leaseToken, byte[] proof) {
        return client.submit(jobId, leaseToken, proof);
    }

    @Override
    public void fail(String jobId, String leaseToken, String reason) {
        client.fail(jobId, leaseToken, reason);
    }

    @Override
    public byte[] blob(String key) {
        return client.blob(key);
    }

    @Override
    public void close() {
        client.close();
    }
}
