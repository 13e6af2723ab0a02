package org.pouw.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Ed25519;
import org.pouw.p2p.peers.Offence;
import org.pouw.p2p.wire.Hello;

class HelloRulesTest {
    private final DidKey self = Ed25519.KeyPair.generate().did();
    private final DidKey peer = Ed25519.KeyPair.generate().did();
    private final HelloRules rules = new HelloRules(P2pTestNodes.CHAIN, self);

    private Hello.Builder good() {
        return Hello.newBuilder().setVersion(HelloRules.VERSION)
                .setChainId(ByteString.copyFrom(P2pTestNodes.CHAIN.chainId()))
                .setGenesisHash(ByteString.copyFrom(P2pTestNodes.CHAIN.genesisHash()))
                .setBestHeight(10).setBestHash(ByteString.copyFrom(new byte[32]))
                .setListenAddress("127.0.0.1:9000").addCapabilities("full-relay")
                .setPeerId(peer.toString()).setNonce(ByteString.copyFrom(new byte[32]));
    }

    @Test
    void aWellFormedHelloOfThisChainPasses() {
        assertThat(rules.check(good().build(), peer)).isEmpty();
    }

    @Test
    void eachBrokenFieldIsRefusedWithItsReason() {
        assertRefused(good().setVersion(2), RejectReason.WRONG_VERSION, null);
        assertRefused(good().setChainId(ByteString.copyFromUtf8("other")), RejectReason.WRONG_CHAIN, null);
        assertRefused(good().setGenesisHash(ByteString.copyFrom(new byte[8])), RejectReason.WRONG_GENESIS, null);
        assertRefused(good().setNonce(ByteString.copyFrom(new byte[31])), RejectReason.MALFORMED,
                Offence.MALFORMED);
        assertRefused(good().setBestHash(ByteString.copyFrom(new byte[65])), RejectReason.MALFORMED,
                Offence.MALFORMED);
        assertRefused(good().setListenAddress("x".repeat(256)), RejectReason.MALFORMED, Offence.MALFORMED);
        assertRefused(good().addCapabilities(""), RejectReason.MALFORMED, Offence.MALFORMED);
        assertRefused(good().setPeerId("did:key:zNotAKey"), RejectReason.MALFORMED, Offence.MALFORMED);
        assertRefused(good().setPeerId(Ed25519.KeyPair.generate().did().toString()),
                RejectReason.IDENTITY_MISMATCH, Offence.BAD_HANDSHAKE);
    }

    @Test
    void aHelloFromThisNodesOwnKeyIsASelfConnection() {
        Optional<Refusal> refusal = rules.check(good().setPeerId(self.toString()).build(), self);
        assertThat(refusal).map(Refusal::reason).contains(RejectReason.SELF_CONNECTION);
    }

    private void assertRefused(Hello.Builder hello, RejectReason reason, Offence offence) {
        Optional<Refusal> refusal = rules.check(hello.build(), peer);
        assertThat(refusal).as(reason.name()).isPresent();
        assertThat(refusal.get().reason()).isEqualTo(reason);
        assertThat(refusal.get().offence()).isEqualTo(offence);
    }
}
