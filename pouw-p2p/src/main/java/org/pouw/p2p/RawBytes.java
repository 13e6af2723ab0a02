package org.pouw.p2p;

import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Messages cross gRPC as plain bytes, parsed by the node itself: the node then sees every byte a peer sent, so it
 * can size, parse and score them, where a generated stub would close the call on bad bytes before the node knew.
 * gRPC still bounds each message, after decompression, by the server's inbound limit.
 */
final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
    static final RawBytes INSTANCE = new RawBytes();

    /**
     * Stands for a compressed message that inflated past the transport limit. gRPC inflates lazily, as this
     * marshaller reads, and stops at the limit; the marker lets the link charge the sender for it (a gzip bomb)
     * instead of gRPC cancelling the stream with no word of why. Compared by identity.
     */
    static final byte[] INFLATED_PAST_LIMIT = new byte[0];

    private RawBytes() {
    }

    @Override
    public InputStream stream(byte[] value) {
        return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
        try (stream) {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                return INFLATED_PAST_LIMIT;
            }
            throw e;
        }
    }
}
