package org.pouw.chain.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.pouw.chain.block.Block;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.EncodingException;

class SyncCodecProperties {
    private static final List<Block> CHAIN = SyncFixtures.fakeChain(SyncFixtures.GENESIS, SyncFixtures.MALLORY,
            SyncFixtures.GENESIS.chainId(), 0, SyncFixtures.T0, 3);

    @Property(tries = 300)
    void anyBytesAreAGetHeadersOrRefusedAsEncoding(@ForAll @Size(max = 400) byte[] bytes) {
        try {
            SyncMessage.GetHeaders decoded = SyncCodec.decodeGetHeaders(bytes);
            assertThat(SyncCodec.encode(decoded)).isEqualTo(bytes);     // canonical: one encoding per message
        } catch (EncodingException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 300)
    void anyBytesAreHeadersOrRefusedAsEncoding(@ForAll @Size(max = 400) byte[] bytes) {
        try {
            SyncMessage.Headers decoded = SyncCodec.decodeHeaders(bytes);
            assertThat(SyncCodec.encode(decoded)).isEqualTo(bytes);
        } catch (EncodingException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 100)
    void getHeadersRoundTrips(@ForAll @Size(min = 1, max = 110) List<@Size(min = 32, max = 32) byte[]> hashes,
                              @ForAll @IntRange(min = 1, max = 2_000) int max) {
        SyncMessage.GetHeaders request = new SyncMessage.GetHeaders(hashes.stream().map(Bytes32::of).toList(), max);
        assertThat(SyncCodec.decodeGetHeaders(SyncCodec.encode(request))).isEqualTo(request);
    }

    @Property(tries = 200)
    void aFlippedByteOfAHeadersAnswerIsRefusedOrDecodesToOtherHeaders(@ForAll @IntRange(min = 0, max = 100_000) int at,
                                                                       @ForAll @IntRange(min = 1, max = 255) int flip) {
        SyncMessage.Headers answer = new SyncMessage.Headers(CHAIN.stream().map(Block::header).toList());
        byte[] bytes = SyncCodec.encode(answer);
        assertThat(SyncCodec.decodeHeaders(bytes)).isEqualTo(answer);
        bytes[at % bytes.length] ^= (byte) flip;
        try {
            assertThat(SyncCodec.decodeHeaders(bytes)).isNotEqualTo(answer);
        } catch (EncodingException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 10)
    void aLocatorOutOfBoundsIsRefusedNamingTheField(@ForAll @IntRange(min = 111, max = 500) int count) {
        byte[] bytes = new byte[5 + 8 + 32 * count];
        System.arraycopy("PGHS\u0001".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, bytes, 0, 5);
        bytes[8] = 1;
        bytes[12] = (byte) count;
        bytes[11] = (byte) (count >> 8);
        assertThatThrownBy(() -> SyncCodec.decodeGetHeaders(bytes)).isInstanceOf(EncodingException.class)
                .hasMessageContaining("locator count");
    }

    @Property(tries = 300)
    void anyBytesAreARejectOrRefusedAsEncoding(@ForAll @Size(max = 400) byte[] bytes) {
        try {
            SyncMessage.Reject decoded = SyncCodec.decodeReject(bytes);
            assertThat(SyncCodec.encode(decoded)).isEqualTo(bytes);
        } catch (EncodingException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 100)
    void aRejectRoundTrips(@ForAll @Size(min = 32, max = 32) byte[] id, @ForAll @IntRange(min = 0, max = 65_535) int code,
                           @ForAll @Size(max = 300) String reason) {
        SyncMessage.Reject reject = new SyncMessage.Reject(Bytes32.of(id), code, SyncCodec.fitReason(reason));
        assertThat(SyncCodec.decodeReject(SyncCodec.encode(reject))).isEqualTo(reject);
    }
}
