package org.pouw.p2p.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.pouw.crypto.Ed25519;
import org.pouw.p2p.wire.Addr;

/**
 * Address records from a peer, on any bytes and any field values: each is read as a record or refused with an
 * {@link IllegalArgumentException} naming the field, never anything else; a record changed in any field after
 * signing never verifies.
 */
class SignedAddressProperties {
    private static final Ed25519.KeyPair KEYS = Ed25519.KeyPair.generate();

    @Property(tries = 1_000)
    void anyAddrBytesGiveRecordsOrAClearRefusal(@ForAll @Size(max = 400) byte[] bytes) {
        Addr addr;
        try {
            addr = Addr.parseFrom(bytes);
        } catch (InvalidProtocolBufferException notProtobuf) {
            return;
        }
        for (org.pouw.p2p.wire.SignedAddress wire : addr.getAddressesList()) {
            try {
                SignedAddress record = SignedAddress.fromWire(wire);
                assertThat(record.verifies()).as("random bytes are no signature").isFalse();
            } catch (IllegalArgumentException refused) {
                assertThat(refused.getMessage()).matches(".*(peer_id|host|port|timestamp|signature).*");
            }
        }
    }

    @Property(tries = 300)
    void anyFieldChangedAfterSigningFailsVerification(@ForAll @IntRange(min = 0, max = 255) int octet,
            @ForAll @IntRange(min = 1, max = 65_535) int port, @ForAll @IntRange(min = 0, max = 3) int field) {
        SignedAddress genuine = SignedAddress.sign(KEYS, "45.7." + octet + ".1", port,
                Instant.ofEpochSecond(1_800_000_000L));
        assertThat(genuine.verifies()).isTrue();
        org.pouw.p2p.wire.SignedAddress.Builder changed = genuine.toWire().toBuilder();
        switch (field) {
            case 0 -> changed.setHost("45.8." + octet + ".1");
            case 1 -> changed.setPort(port == 65_535 ? 1 : port + 1);
            case 2 -> changed.setTimestamp(genuine.timestamp() + 1);
            default -> changed.setPeerId(Ed25519.KeyPair.generate().did().toString());
        }
        assertThat(SignedAddress.fromWire(changed.build()).verifies()).isFalse();
        byte[] flipped = genuine.signature();
        flipped[octet % 64] ^= 1;
        assertThat(SignedAddress.fromWire(genuine.toWire().toBuilder().setSignature(ByteString.copyFrom(flipped))
                .build()).verifies()).isFalse();
    }
}
