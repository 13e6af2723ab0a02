package org.pouw.p2p;

/**
 * Told as an object fetched over the bulk stream arrives, after each chunk but the last: {@code received} of the
 * {@code declared} bytes are in. Lets the layer above time a large object by its progress rather than by one fixed
 * timeout. Called on a transport thread; it must not block.
 */
@FunctionalInterface
public interface FetchProgress {
    FetchProgress NONE = (declared, received) -> {
    };

    void arrived(long declared, long received);
}
