package org.pouw.chain.net;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.pouw.chain.block.BlockHeader;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * The canonical encodings of the two sync messages that travel as typed payloads (docs/network.md §2): tag and
 * version, big-endian, every count bounded before anything is allocated, nothing after the last field. Announcements
 * and block bodies need none: the transport carries ids and objects as they are.
 *
 * <pre>
 * get_headers: "PGHS" 0x01 ‖ max u32 ‖ count u32 ‖ count × hash[32]
 * headers:     "PHDS" 0x01 ‖ count u32 ‖ count × (length u32 ‖ header)
 * </pre>
 */
public final class SyncCodec {
    /** Headers one answer carries at most (issue 20). */
    public static final int MAX_HEADERS = 2_000;
    /** Hashes a locator carries at most: ten dense, then doublings, cover any height below 2^100. */
    public static final int MAX_LOCATOR = 110;
    /** Bytes of one encoded header, at most (a header is well under 2 KiB; evidence allows 4 KiB). */
    public static final int MAX_HEADER_BYTES = 4_096;
    /**
     * Bytes a whole {@code headers} answer may take: under the transport's 256 KiB link frame, so an answer is cut
     * at whichever of {@link #MAX_HEADERS} and this comes first, and the asker asks again from where it ends.
     */
    public static final int MAX_HEADERS_BYTES = 240 * 1024;

    private static final byte[] GET_HEADERS_TAG = "PGHS\u0001".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] HEADERS_TAG = "PHDS\u0001".getBytes(StandardCharsets.ISO_8859_1);

    private SyncCodec() {
    }

    public static byte[] encode(SyncMessage.GetHeaders request) {
        CanonicalWriter out = new CanonicalWriter(GET_HEADERS_TAG.length + 8 + 32 * request.locator().size())
                .raw(GET_HEADERS_TAG).i32(request.max()).i32(request.locator().size());
        request.locator().forEach(out::bytes32);
        return out.toByteArray();
    }

    public static SyncMessage.GetHeaders decodeGetHeaders(byte[] bytes) {
        CanonicalReader in = new CanonicalReader(bytes);
        in.expectTag(GET_HEADERS_TAG, "get_headers");
        int max = in.i32InRange("max", 1, MAX_HEADERS);
        int count = in.i32InRange("locator count", 1, MAX_LOCATOR);
        List<Bytes32> locator = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            locator.add(in.bytes32("locator hash " + i));
        }
        in.requireEnd("get_headers");
        return new SyncMessage.GetHeaders(locator, max);
    }

    public static byte[] encode(SyncMessage.Headers answer) {
        CanonicalWriter out = new CanonicalWriter(1024).raw(HEADERS_TAG).i32(answer.headers().size());
        for (BlockHeader header : answer.headers()) {
            out.bytes(header.encode());
        }
        return out.toByteArray();
    }

    public static SyncMessage.Headers decodeHeaders(byte[] bytes) {
        if (bytes.length > MAX_HEADERS_BYTES) {
            throw new EncodingException("headers: " + bytes.length + " bytes, at most " + MAX_HEADERS_BYTES);
        }
        CanonicalReader in = new CanonicalReader(bytes);
        in.expectTag(HEADERS_TAG, "headers");
        int count = in.i32InRange("header count", 0, MAX_HEADERS);
        List<BlockHeader> headers = new ArrayList<>(Math.min(count, 256));
        for (int i = 0; i < count; i++) {
            byte[] header = in.bytes("header " + i, MAX_HEADER_BYTES);
            try {
                headers.add(BlockHeader.decode(header));
            } catch (EncodingException | IllegalArgumentException e) {
                // the decoder's refusal, or a record's own check on a decoded value: the sender's bytes either way
                throw new EncodingException("header " + i + ": " + e.getMessage());
            }
        }
        in.requireEnd("headers");
        return new SyncMessage.Headers(headers);
    }

    /** The encoded size one header adds to a {@code headers} answer. */
    static int encodedSize(BlockHeader header) {
        return 4 + header.encode().length;
    }

    /** Bytes of an answer's tag and count. */
    static int answerOverhead() {
        return HEADERS_TAG.length + 4;
    }
}
