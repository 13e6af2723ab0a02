package org.pouw.node.ratelimit;

/** Redis did not answer, or answered with an error: the shared buckets cannot be read now. */
public final class RedisUnavailableException extends RuntimeException {
    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
