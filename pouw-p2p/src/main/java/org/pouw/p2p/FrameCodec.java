package org.pouw.p2p;

import com.google.protobuf.InvalidProtocolBufferException;
import org.pouw.p2p.wire.BulkFrame;
import org.pouw.p2p.wire.Frame;

/**
 * Bytes from a peer to frames. Protobuf skips fields it does not know (a newer peer may add some); bytes that are
 * not a message at all fail with {@link MalformedFrameException}, which costs the peer its whole score.
 */
final class FrameCodec {
    private FrameCodec() {
    }

    static Frame frame(byte[] bytes) {
        try {
            return Frame.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedFrameException("not a link frame: " + e.getMessage());
        }
    }

    static BulkFrame bulk(byte[] bytes) {
        try {
            return BulkFrame.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedFrameException("not a bulk frame: " + e.getMessage());
        }
    }
}
