package org.pouw.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DidKeyTest {
    @Test
    void anEd25519KeyEncodesAsZ6MkAndParsesBack() {
        byte[] key = Hex.decode("3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29");
        String did = new DidKey(key).toString();
        assertThat(did).startsWith("did:key:z6Mk");
        assertThat(DidKey.parse(did).publicKey()).isEqualTo(key);
    }

    @Test
    void rejectsWhatIsNotAnEd25519DidKey() {
        assertThatThrownBy(() -> DidKey.parse("did:web:example")).hasMessageContaining("did:key");
        assertThatThrownBy(() -> DidKey.parse("did:key:z0OIl")).hasMessageContaining("base58");
        assertThatThrownBy(() -> DidKey.parse("did:key:z" + Base58.encode(new byte[34])))
                .hasMessageContaining("0xed01");
    }

    @Test
    void signaturesVerifyOnlyForTheSignedMessageAndKey() {
        Ed25519.KeyPair alice = Ed25519.KeyPair.generate();
        Ed25519.KeyPair bob = Ed25519.KeyPair.generate();
        byte[] message = "pouw-auth-v1:challenge".getBytes(StandardCharsets.UTF_8);
        byte[] signature = alice.sign(message);
        assertThat(alice.did().verify(message, signature)).isTrue();
        assertThat(bob.did().verify(message, signature)).isFalse();
        signature[5] ^= 1;
        assertThat(alice.did().verify(message, signature)).isFalse();
        assertThat(Ed25519.verify(alice.publicKey(), message, new byte[3])).isFalse();
    }

    @Test
    void aKeyPairIsRebuiltFromItsPrivateKey() {
        Ed25519.KeyPair pair = Ed25519.KeyPair.generate();
        assertThat(Ed25519.KeyPair.fromPrivateKey(pair.privateKey()).did()).isEqualTo(pair.did());
    }

    @Property(tries = 200)
    void base58RoundTrips(@ForAll @Size(max = 64) byte[] bytes) {
        assertThat(Base58.decode(Base58.encode(bytes))).isEqualTo(bytes);
    }
}
