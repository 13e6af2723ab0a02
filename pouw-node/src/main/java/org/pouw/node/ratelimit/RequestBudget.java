package org.pouw.node.ratelimit;

import java.util.List;

/**
 * What an admitted request is charged once it has done its work (cost by work, not by call). The admission already
 * took one token from each bucket that applies; these charge the rest, into debt if need be, so the caller's next
 * request waits for the refill.
 */
public final class RequestBudget {
    /** A request that is not limited (limits off): every charge is nothing. */
    public static final RequestBudget UNLIMITED = new RequestBudget(null, null, null, null, List.of(), false);

    private final BucketStore store;
    private final RateLimitSettings settings;
    private final LimitClass limitClass;
    private final String addressKey;
    private final List<Bucket> others;
    private final boolean addressExempt;

    /** A bucket besides the address's that the request took from: a did's, an access token's, a token class's. */
    record Bucket(String key, BucketSpec spec) {
    }

    RequestBudget(BucketStore store, RateLimitSettings settings, LimitClass limitClass, String addressKey,
                  List<Bucket> others, boolean addressExempt) {
        this.store = store;
        this.settings = settings;
        this.limitClass = limitClass;
        this.addressKey = addressKey;
        this.others = List.copyOf(others);
        this.addressExempt = addressExempt;
    }

    /** A claim returned {@code jobs} jobs: each costs a {@code claims} token (the call's own token is the first). */
    public void jobsClaimed(int jobs) {
        work(jobs - 1L);
    }

    /**
     * A batch post carries {@code intents} intents: each costs an {@code intents} token as if posted alone (the
     * call's own token is the first), so a batch is no way around the class's rate.
     */
    public void intentsPosted(int intents) {
        work(intents - 1L);
    }

    /** One proof of {@code kind} was submitted: it costs the kind's weight (the call's own token is the first). */
    public void proofSubmitted(String kind) {
        if (settings != null) {
            work(settings.weight(kind) - 1);
        }
    }

    /** A batch carried proofs of these kinds: each costs its kind's weight. */
    public void proofsSubmitted(List<String> kinds) {
        if (settings != null) {
            long units = 0;
            for (String kind : kinds) {
                units += settings.weight(kind);
            }
            work(units - 1);
        }
    }

    /**
     * {@code calls} lease calls of this request did not act on a live lease of the caller (lost, unknown, another's):
     * they were exempt from the address limit only on trust, so they are charged to the address now.
     */
    public void notLiveLease(long calls) {
        if (store != null && addressExempt && calls > 0) {
            store.charge(addressKey, settings.address().get(limitClass), calls);
        }
    }

    private void work(long units) {
        if (store == null || units <= 0) {
            return;
        }
        for (Bucket bucket : others) {
            store.charge(bucket.key(), bucket.spec(), units);
        }
        if (!addressExempt) {
            store.charge(addressKey, settings.address().get(limitClass), units);
        }
    }
}
