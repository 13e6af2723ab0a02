package org.pouw.p2p;

import java.util.List;
import org.pouw.crypto.DidKey;

/** Receives announced ids of one type that this peer had not announced or been told of before. */
@FunctionalInterface
public interface InvHandler {
    void onAnnounced(DidKey from, List<byte[]> newIds);
}
