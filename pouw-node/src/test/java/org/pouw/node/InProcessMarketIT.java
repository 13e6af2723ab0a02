package org.pouw.node;

import org.pouw.crypto.Ed25519;
import org.pouw.node.pool.InProcessMarket;
import org.pouw.worker.MarketAccess;

/** The worker loop's market port over the node's own market, as the node's workers use it. */
class InProcessMarketIT extends MarketAccessContract {
    @Override
    MarketAccess open(RunningNode node, Ed25519.KeyPair key) {
        return new InProcessMarket(node.node.market(), key.did().toString());
    }
}
