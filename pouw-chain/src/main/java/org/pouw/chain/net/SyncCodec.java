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
 * The canonical encodings of the sync messages that travel as typed payloads (docs/network.md §2): tag and
 * version, big-endian, every count bounded before anything is allocated, nothing after the last field. Announcements
 * and block bodies need none: the transport carries ids and objects as they are.
 *
 * <pre>
 * get_headers: "PGHS" 0x01 ‖ max u32 ‖ count u32 ‖ count × hash[32]
 * headers:     "PHDS" 0x01 ‖ count u32 ‖ count × (length u32 ‖ header)
 * reject:      "PREJ" 0x01 ‖ id[32] ‖ code u32 (0–65535) ‖ reason (length u32 ‖ UTF-8, ≤ 256 bytes)
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

    /** Bytes of a reject's reason, at most: enough for the chain's detail, too few to carry anything else. */
    public static final int MAX_REJECT_REASON_BYTES = 256;

    private static final byte[] REJECT_TAG = "PREJ\u0001".getBytes(StandardCharsets.ISO_8859_1);
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

    public static byte[] encode(SyncMessage.Reject reject) {
        return new CanonicalWriter(64 + MAX_REJECT_REASON_BYTES).raw(REJECT_TAG).bytes32(reject.id())
                .i32(reject.code()).string(reject.reason()).toByteArray();
    }

    public static SyncMessage.Reject decodeReject(byte[] bytes) {
        CanonicalReader in = new CanonicalReader(bytes);
        in.expectTag(REJECT_TAG, "reject");
        Bytes32 id = in.bytes32("id");
        int code = in.i32InRange("code", 0, 0xFFFF);
        String reason = in.string("reason", MAX_REJECT_REASON_BYTES);
        in.requireEnd("reject");
        return new SyncMessage.Reject(id, code, reason);
    }

    /**
     * {@code reason} cut to {@link #MAX_REJECT_REASON_BYTES} bytes of UTF-8, never inside a character, a lone
     * surrogate replaced by U+FFFD.
     */
    static String fitReason(String reason) {
        StringBuilder fitted = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < reason.length(); ) {
            int point = reason.codePointAt(i);
            int width = Character.charCount(point);
            if (Character.isSurrogate((char) point) && width == 1) {
                point = 0xFFFD;     // a lone surrogate has no UTF-8: what is held is what is sent
            }
            int size = new String(Character.toChars(point)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > MAX_REJECT_REASON_BYTES) {
                break;
            }
            fitted.appendCodePoint(point);
            bytes += size;
            i += width;
        }
        return fitted.toString();
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
