package org.pouw.p2p;

import java.util.Optional;
import org.pouw.crypto.DidKey;

/** Serves the objects of one type code over the bulk stream: the whole object by its opaque id, if known. */
@FunctionalInterface
public interface BulkSource {
    Optional<byte[]> find(DidKey askedBy, byte[] id);
}
