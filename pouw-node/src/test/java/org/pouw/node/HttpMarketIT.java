package org.pouw.node;

import java.net.URI;
import java.time.Duration;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.worker.HttpMarket;
import org.pouw.worker.MarketAccess;

/** The worker loop's market port over the node's HTTP API, as {@code pouw worker} uses it. */
class HttpMarketIT extends MarketAccessContract {
    @Override
    MarketAccess open(RunningNode node, Ed25519.KeyPair key) {
        return HttpMarket.connect(URI.create(node.base), key, Duration.ofSeconds(5), Clock.system());
    }
}
