package org.pouw.p2p;

import java.util.Optional;
import org.pouw.crypto.DidKey;
import org.pouw.p2p.peers.Offence;
import org.pouw.p2p.wire.Hello;

/**
 * The checks a {@code hello} must pass before the link goes on: same protocol version, same chain id and genesis,
 * fields within their limits, and the peer id it claims equal to the key its TLS certificate proved.
 */
final class HelloRules {
    static final int VERSION = 1;
    static final int NONCE_LENGTH = 32;
    static final int MAX_HASH_LENGTH = 64;
    static final int MAX_ADDRESS_LENGTH = 255;

    private final ChainIdentity chain;
    private final DidKey self;

    HelloRules(ChainIdentity chain, DidKey self) {
        this.chain = chain;
        this.self = self;
    }

    Optional<Refusal> check(Hello hello, DidKey tlsPeer) {
        if (hello.getVersion() != VERSION) {
            return refuse(RejectReason.WRONG_VERSION, null, "version " + hello.getVersion() + ", this node speaks "
                    + VERSION);
        }
        if (!chain.sameChainId(hello.getChainId().toByteArray())) {
            return refuse(RejectReason.WRONG_CHAIN, null, "chain_id differs");
        }
        if (!chain.sameGenesis(hello.getGenesisHash().toByteArray())) {
            return refuse(RejectReason.WRONG_GENESIS, null, "genesis_hash differs");
        }
        if (hello.getNonce().size() != NONCE_LENGTH) {
            return refuse(RejectReason.MALFORMED, Offence.MALFORMED, "nonce must have 32 bytes, got "
                    + hello.getNonce().size());
        }
        if (hello.getBestHash().size() > MAX_HASH_LENGTH) {
            return refuse(RejectReason.MALFORMED, Offence.MALFORMED, "best_hash over 64 bytes");
        }
        if (hello.getListenAddress().length() > MAX_ADDRESS_LENGTH) {
            return refuse(RejectReason.MALFORMED, Offence.MALFORMED, "listen_address over 255 characters");
        }
        if (hello.getCapabilitiesCount() > P2pConfig.MAX_CAPABILITIES || hello.getCapabilitiesList().stream()
                .anyMatch(c -> c.isEmpty() || c.length() > P2pConfig.MAX_CAPABILITY_LENGTH)) {
            return refuse(RejectReason.MALFORMED, Offence.MALFORMED, "capabilities over their limits");
        }
        if (!DidKey.isValid(hello.getPeerId())) {
            return refuse(RejectReason.MALFORMED, Offence.MALFORMED, "peer_id is not an Ed25519 did:key");
        }
        if (!DidKey.parse(hello.getPeerId()).equals(tlsPeer)) {
            return refuse(RejectReason.IDENTITY_MISMATCH, Offence.BAD_HANDSHAKE,
                    "peer_id is not the key of the TLS certificate");
        }
        if (tlsPeer.equals(self)) {
            return refuse(RejectReason.SELF_CONNECTION, null, "connected to itself");
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(RejectReason reason, Offence offence, String message) {
        return Optional.of(new Refusal(reason, offence, message));
    }
}
