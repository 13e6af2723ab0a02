package org.pouw.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.pouw.p2p.wire.BulkFrame;
import org.pouw.p2p.wire.Chunk;
import org.pouw.p2p.wire.Frame;
import org.pouw.p2p.wire.Inv;
import org.pouw.p2p.wire.Payload;

/** The frame codec on any bytes: a frame or {@link MalformedFrameException}, never anything else. */
class FrameCodecProperties {
    @Property(tries = 2_000)
    void anyBytesGiveAFrameOrAMalformedFrame(@ForAll @Size(max = 300) byte[] bytes) {
        assertParsesOrIsMalformed(() -> FrameCodec.frame(bytes));
        assertParsesOrIsMalformed(() -> FrameCodec.bulk(bytes));
    }

    @Property(tries = 500)
    void payloadsAndAnnouncementsSurviveTheRoundTrip(@ForAll @IntRange(min = 1) int type,
            @ForAll @Size(max = 2_000) byte[] body, @ForAll @Size(min = 1, max = 64) byte[] id) {
        Frame payload = Frame.newBuilder().setPayload(Payload.newBuilder().setType(type)
                .setBody(ByteString.copyFrom(body))).build();
        Frame inv = Frame.newBuilder().setInv(Inv.newBuilder().setType(type).addIds(ByteString.copyFrom(id))).build();
        BulkFrame chunk = BulkFrame.newBuilder().setChunk(Chunk.newBuilder().setRequestId(type)
                .setTotalSize(body.length).setData(ByteString.copyFrom(body))).build();

        assertThat(FrameCodec.frame(payload.toByteArray())).isEqualTo(payload);
        assertThat(FrameCodec.frame(inv.toByteArray())).isEqualTo(inv);
        assertThat(FrameCodec.bulk(chunk.toByteArray())).isEqualTo(chunk);
    }

    @Property(tries = 500)
    void aFieldFromANewerVersionIsSkipped(@ForAll @IntRange(min = 100, max = 10_000) int fieldNumber,
            @ForAll @Size(max = 100) byte[] unknown, @ForAll @Size(max = 100) byte[] body) {
        Frame payload = Frame.newBuilder().setPayload(Payload.newBuilder().setType(1)
                .setBody(ByteString.copyFrom(body))).build();
        byte[] withUnknown = concat(payload.toByteArray(), lengthDelimited(fieldNumber, unknown));

        Frame read = FrameCodec.frame(withUnknown);

        assertThat(read.getPayload()).isEqualTo(payload.getPayload());
    }

    @Property(tries = 1_000)
    void aTruncatedOrFlippedFrameNeverThrowsAnythingElse(@ForAll @Size(min = 1, max = 500) byte[] body,
            @ForAll @IntRange(min = 0, max = 10_000) int cut, @ForAll @IntRange(min = 0, max = 10_000) int flip) {
        byte[] bytes = Frame.newBuilder().setPayload(Payload.newBuilder().setType(7)
                .setBody(ByteString.copyFrom(body))).build().toByteArray();
        byte[] truncated = java.util.Arrays.copyOf(bytes, cut % bytes.length);
        byte[] flipped = bytes.clone();
        flipped[flip % flipped.length] ^= (byte) 0x80;

        assertParsesOrIsMalformed(() -> FrameCodec.frame(truncated));
        assertParsesOrIsMalformed(() -> FrameCodec.frame(flipped));
    }

    private static void assertParsesOrIsMalformed(Runnable parse) {
        try {
            parse.run();
        } catch (MalformedFrameException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    private static byte[] lengthDelimited(int fieldNumber, byte[] value) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        writeVarint(out, ((long) fieldNumber << 3) | 2);
        writeVarint(out, value.length);
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static void writeVarint(java.io.ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
