package org.pouw.node.ratelimit;

/**
 * How much an access token of one class may use (issue 21 §4: "the rate limits of the edge issue apply per token and
 * per class"), as a share of the per-did buckets of issue 18, so one setting per class scales every endpoint class
 * alike.
 *
 * @param tokenPercent each token's bucket, per endpoint class: that class's per-did bucket times this / 100
 * @param classTokens  every token of the class together, per endpoint class: this many tokens' buckets — the class's
 *                     ceiling, so minting more tokens of a class never buys more than it
 */
public record TokenClassLimit(int tokenPercent, int classTokens) {
    public TokenClassLimit {
        if (tokenPercent < 1 || classTokens < 1) {
            throw new IllegalArgumentException("token_percent and class_tokens must be at least 1, got "
                    + tokenPercent + " and " + classTokens);
        }
    }

    /** One token's bucket for an endpoint class whose per-did bucket is {@code did}. */
    public BucketSpec tokenSpec(BucketSpec did) {
        return new BucketSpec(Math.max(1, did.perMinute() * tokenPercent / 100),
                Math.max(1, did.burst() * tokenPercent / 100));
    }

    /** The whole class's bucket for an endpoint class whose per-did bucket is {@code did}. */
    public BucketSpec classSpec(BucketSpec did) {
        BucketSpec one = tokenSpec(did);
        return new BucketSpec(Math.multiplyExact(one.perMinute(), classTokens),
                Math.multiplyExact(one.burst(), classTokens));
    }
}
