package org.pouw.node.poolclient;

/**
 * A pool that did not do its job: a transport error, a timeout, a 5xx, or an answer that is not one. The only
 * failures a circuit breaker counts (issue 23 §5); a share the pool refused is a {@link PoolRefusal}, never this.
 */
final class PoolFault extends RuntimeException {
    PoolFault(String message) {
        super(message, null, false, false);
    }
}
