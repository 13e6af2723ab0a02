package org.pouw.p2p;

import org.pouw.crypto.DidKey;

/** Receives the payloads of one type code from authenticated peers. Runs on the peer's stream: return quickly. */
@FunctionalInterface
public interface PayloadHandler {
    void onPayload(DidKey from, byte[] body);
}
