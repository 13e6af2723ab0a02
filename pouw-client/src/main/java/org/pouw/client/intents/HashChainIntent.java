package org.pouw.client.intents;

import java.util.Objects;

/** A STARK-proven hash chain y = H^steps(seed) (docs/stark.md), for a fee in base units. */
public record HashChainIntent(String seed, long steps, long fee) implements IntentToPost {
    public HashChainIntent {
        Objects.requireNonNull(seed, "seed");
    }
}
