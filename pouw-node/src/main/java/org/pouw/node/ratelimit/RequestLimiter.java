package org.pouw.node.ratelimit;

import java.net.InetAddress;
import java.util.Optional;

/**
 * The rate limits of issue 18, applied to one request before its endpoint runs:
 * <ul>
 *   <li>every request takes a token from its class's bucket for the client's address, except a lease call whose
 *       bearer token verified (exempt, see {@link RouteClasses});</li>
 *   <li>a request whose bearer token verified also takes one from its class's bucket for that did — the canonical
 *       did the token was issued to, never a did the request names, so nobody can spend another's quota;</li>
 *   <li>sign-in ({@link LimitClass#AUTH}) is limited by address only: a did-keyed sign-in limit would let anyone
 *       lock a victim out by naming it.</li>
 * </ul>
 * The work the request then does is charged through its {@link RequestBudget}.
 */
public final class RequestLimiter {
    private final RateLimitSettings settings;
    private final BucketStore store;
    private final RateLimitMetrics metrics;
    private final ClientAddress addresses;

    public RequestLimiter(RateLimitSettings settings, BucketStore store, RateLimitMetrics metrics) {
        this.settings = settings;
        this.store = store;
        this.metrics = metrics;
        this.addresses = new ClientAddress(settings.trustedProxies());
    }

    public ClientAddress addresses() {
        return addresses;
    }

    /**
     * @param limitClass the route's class
     * @param leaseCall  whether the route is a lease call
     * @param client     the client's address, as {@link ClientAddress#resolve} found it
     * @param did        the canonical did of a bearer token that verified, or empty
     */
    public Admission admit(LimitClass limitClass, boolean leaseCall, InetAddress client, Optional<String> did) {
        if (!settings.enabled()) {
            return new Admission.Admitted(RequestBudget.UNLIMITED);
        }
        String addressKey = "a:" + limitClass.wire() + ":" + ClientAddress.key(client);
        Optional<String> signedIn = limitClass == LimitClass.AUTH ? Optional.empty() : did;
        String didKey = signedIn.map(d -> "d:" + limitClass.wire() + ":" + d).orElse(null);
        boolean exempt = leaseCall && didKey != null;
        if (!exempt) {
            BucketStore.Take take = store.take(addressKey, settings.address().get(limitClass), 1);
            if (!take.allowed()) {
                metrics.denied(limitClass, LimitScope.ADDRESS);
                return new Admission.Denied(limitClass.wire() + "." + LimitScope.ADDRESS.wire(), take.retryAfterMs());
            }
        }
        if (didKey != null) {
            BucketStore.Take take = store.take(didKey, settings.did().get(limitClass), 1);
            if (!take.allowed()) {
                metrics.denied(limitClass, LimitScope.DID);
                return new Admission.Denied(limitClass.wire() + "." + LimitScope.DID.wire(), take.retryAfterMs());
            }
        }
        return new Admission.Admitted(new RequestBudget(store, settings, limitClass, addressKey, didKey, exempt));
    }
}
