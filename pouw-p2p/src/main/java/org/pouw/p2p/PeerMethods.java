package org.pouw.p2p;

import io.grpc.MethodDescriptor;

/** The protocol's two gRPC methods: the link (small frames both ways) and the bulk stream (chunked objects). */
final class PeerMethods {
    static final String SERVICE = "pouw.p2p.Peer";

    static final MethodDescriptor<byte[], byte[]> LINK = method("Link");
    static final MethodDescriptor<byte[], byte[]> BULK = method("Bulk");

    private PeerMethods() {
    }

    private static MethodDescriptor<byte[], byte[]> method(String name) {
        return MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(RawBytes.INSTANCE)
                .setResponseMarshaller(RawBytes.INSTANCE)
                .build();
    }
}
