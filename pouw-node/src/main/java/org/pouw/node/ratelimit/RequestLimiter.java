package org.pouw.node.ratelimit;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pouw.gate.token.AccessClass;

/**
 * The rate limits of issue 18, applied to one request before its endpoint runs:
 * <ul>
 *   <li>every request takes a token from its class's bucket for the client's address, except a lease call whose
 *       bearer token verified (exempt, see {@link RouteClasses});</li>
 *   <li>a request whose bearer token verified also takes one from its class's bucket for that did — the canonical
 *       did the token was issued to, never a did the request names, so nobody can spend another's quota;</li>
 *   <li>sign-in ({@link LimitClass#AUTH}) is limited by address only: a did-keyed sign-in limit would let anyone
 *       lock a victim out by naming it;</li>
 *   <li>a request presenting an access token that verified is limited by the token and its class instead
 *       ({@link #admit(LimitClass, InetAddress, TokenHolder)}).</li>
 * </ul>
 * The work the request then does is charged through its {@link RequestBudget}.
 *
 * <p>While the shared store is lost its fallback buckets answer ({@code rate_limits.redis_lost = local}); with
 * {@code closed} a request they answered is refused as {@link Admission.StoreLost} instead, unless its route keeps
 * being served ({@code keepsServing}: lease calls, so no worker loses a lease to a limiter outage, and health
 * probes, so a load balancer does not take every node out and the operator can still scrape the alert). Those are
 * limited by the fallback buckets as in {@code local}.
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
        return admit(limitClass, leaseCall, leaseCall, client, did);
    }

    /**
     * As {@link #admit(LimitClass, boolean, InetAddress, Optional)}, for a route that is served or not while the
     * shared store is lost in the {@code closed} mode.
     *
     * @param keepsServing whether the route is served on the fallback buckets even in the {@code closed} mode
     */
    public Admission admit(LimitClass limitClass, boolean leaseCall, boolean keepsServing, InetAddress client,
                           Optional<String> did) {
        if (!settings.enabled()) {
            return new Admission.Admitted(RequestBudget.UNLIMITED);
        }
        Optional<String> signedIn = limitClass == LimitClass.AUTH ? Optional.empty() : did;
        boolean exempt = leaseCall && signedIn.isPresent();
        List<Take> takes = new ArrayList<>();
        if (!exempt) {
            takes.add(addressTake(limitClass, client));
        }
        signedIn.ifPresent(d -> takes.add(didTake(limitClass, d)));
        return takeAll(limitClass, client, takes, exempt, keepsServing);
    }

    /**
     * A request that presented an access token which verified (issue 21 §4): its class decides its limits. Buckets
     * are taken cheapest-to-refuse first, and a refusal takes nothing after it, so a token hammering past its own
     * limit spends neither its class's bucket nor anybody else's:
     * <ol>
     *   <li>the token's own bucket ({@code t:}, by {@code jti}), its class's share of the per-did bucket;</li>
     *   <li>the class's bucket ({@code k:}), every token of the class together, so minting more tokens of a class
     *       never buys more than the class;</li>
     *   <li>for a token issued to a did, that did's bucket, shared with its login: many tokens of one did never add
     *       up to more than the did;</li>
     *   <li>for a {@code low} (anonymous, free) token, the address's bucket as well; a paid class replaces it, so
     *       a worker behind a busy NAT is limited by what it paid for, not by its neighbours.</li>
     * </ol>
     * Sign-in ({@link LimitClass#AUTH}) stays limited by address alone, token or not.
     */
    public Admission admit(LimitClass limitClass, InetAddress client, TokenHolder token) {
        return admit(limitClass, false, client, token);
    }

    /** As {@link #admit(LimitClass, InetAddress, TokenHolder)}; {@code keepsServing} as in the did's admit. */
    public Admission admit(LimitClass limitClass, boolean keepsServing, InetAddress client, TokenHolder token) {
        if (!settings.enabled() || limitClass == LimitClass.AUTH) {
            return admit(limitClass, false, keepsServing, client, Optional.empty());
        }
        TokenClassLimit share = settings.tokens().get(token.accessClass());
        BucketSpec did = settings.did().get(limitClass);
        List<Take> takes = new ArrayList<>();
        takes.add(new Take(LimitScope.TOKEN, "t:" + limitClass.wire() + ":" + token.jti(), share.tokenSpec(did)));
        takes.add(new Take(LimitScope.TOKEN_CLASS, "k:" + limitClass.wire() + ":" + token.accessClass().wire(),
                share.classSpec(did)));
        token.did().ifPresent(d -> takes.add(didTake(limitClass, d)));
        boolean paid = token.accessClass() != AccessClass.LOW;
        if (!paid) {
            takes.add(addressTake(limitClass, client));
        }
        return takeAll(limitClass, client, takes, paid, keepsServing);
    }

    private Take addressTake(LimitClass limitClass, InetAddress client) {
        return new Take(LimitScope.ADDRESS, addressKey(limitClass, client), settings.address().get(limitClass));
    }

    private Take didTake(LimitClass limitClass, String did) {
        return new Take(LimitScope.DID, "d:" + limitClass.wire() + ":" + did, settings.did().get(limitClass));
    }

    private static String addressKey(LimitClass limitClass, InetAddress client) {
        return "a:" + limitClass.wire() + ":" + ClientAddress.key(client);
    }

    private Admission takeAll(LimitClass limitClass, InetAddress client, List<Take> takes, boolean addressExempt,
                              boolean keepsServing) {
        List<RequestBudget.Bucket> others = new ArrayList<>();
        for (Take take : takes) {
            BucketStore.Take answer = store.take(take.key(), take.spec(), 1);
            if (answer.fromFallback() && settings.closedWhenRedisLost() && !keepsServing) {
                // Refused before the fallback's own verdict counts: closed means closed, not "limited locally".
                metrics.storeLost(limitClass);
                return new Admission.StoreLost(limitClass, settings.redisRetryMs());
            }
            if (!answer.allowed()) {
                metrics.denied(limitClass, take.scope());
                return new Admission.Denied(limitClass.wire() + "." + take.scope().wire(), answer.retryAfterMs());
            }
            if (take.scope() != LimitScope.ADDRESS) {
                others.add(new RequestBudget.Bucket(take.key(), take.spec()));
            }
        }
        return new Admission.Admitted(new RequestBudget(store, settings, limitClass, addressKey(limitClass, client),
                others, addressExempt));
    }

    /** One bucket a request must take a token from. */
    private record Take(LimitScope scope, String key, BucketSpec spec) {
    }
}
