package org.pouw.p2p.peers;

import java.time.Instant;
import org.pouw.crypto.DidKey;

/**
 * One entry of the address manager as it is stored (docs/p2p.md §10): where a node listens, who vouched for it,
 * which table holds it, and how trying it went. {@link Instant#EPOCH} stands for "never"; an entry learned from a
 * configured bootstrap address has no signature ({@code signedAt} 0, {@code signature} empty).
 *
 * @param sourceGroup the address group of the peer that told this node of it (keys its "new" bucket)
 * @param tried       in the "tried" table: this node once completed a handshake there
 * @param signature   hex of the node's Ed25519 signature over its {@code SignedAddress}, or empty
 */
public record AddressRecord(String host, int port, String peerId, String sourceGroup, boolean tried,
        Instant lastSeen, Instant lastTry, Instant lastSuccess, int attempts, long signedAt, String signature) {
    public AddressRecord {
        if (host == null || host.isBlank() || host.length() > 255) {
            throw new IllegalArgumentException("host must be 1 to 255 characters");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1 to 65535, got " + port);
        }
        peerId = peerId == null ? "" : peerId;
        if (!peerId.isEmpty() && !DidKey.isValid(peerId)) {
            throw new IllegalArgumentException("peer_id must be an Ed25519 did:key, got " + peerId);
        }
        if (sourceGroup == null || sourceGroup.isEmpty()) {
            throw new IllegalArgumentException("source_group is required");
        }
        if (lastSeen == null || lastTry == null || lastSuccess == null) {
            throw new IllegalArgumentException("last_seen, last_try and last_success are required (EPOCH: never)");
        }
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must be >= 0, got " + attempts);
        }
        signature = signature == null ? "" : signature;
        if (!signature.isEmpty() && !signature.matches("[0-9a-f]{128}")) {
            throw new IllegalArgumentException("signature must be 128 lowercase hex digits or empty");
        }
    }
}
