package org.pouw.p2p;

import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;

/**
 * gRPC refuses a message whose decompressed size passes the server's limit (a gzip bomb is inflated only up to the
 * limit, never whole) and closes the stream with RESOURCE_EXHAUSTED before the node sees a byte of it. This tracer
 * hears that close and charges the peer for it, so an oversized or bombed message costs the sender its standing.
 */
final class OversizeTracer extends ServerStreamTracer.Factory {
    private final PeerNode node;

    OversizeTracer(PeerNode node) {
        this.node = node;
    }

    @Override
    public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
        return new ServerStreamTracer() {
            private volatile Attributes attributes = Attributes.EMPTY;

            @Override
            public void serverCallStarted(ServerCallInfo<?, ?> callInfo) {
                attributes = callInfo.getAttributes();
            }

            @Override
            public void streamClosed(Status status) {
                if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                    node.oversizedAtTransport(attributes, status.getDescription());
                }
            }
        };
    }
}
