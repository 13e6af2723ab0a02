package org.pouw.p2p;

import io.grpc.MethodDescriptor;

/** The protocol's two gRPC methods: the link (small frames both ways) and the bulk stream (chunked objects). */
final class PeerMethods {
    static final String SERVICE = "pouw.p2p.Peer";

    static final MethodDescriptor<byte[], byte[]> LINK = method("Link");
    static final MethodDescriptor<byte[], byte[]> BULK = method("Bulk");

    /**
     * How many frames of a link stream gRPC may read ahead of the one being handled. Asking for one frame at a time
     * cost two thread hand-offs per frame (the handler's thread asks the transport's for the next, which hands it
     * back); on a loaded machine each hand-off waits for a core, and that wait, not the work, set the relay rate.
     * The bound keeps what one peer can make this node hold to 16 frames (at most 4 MiB at the 256 KiB default).
     */
    static final int LINK_READ_AHEAD = 16;
    /** The same for the bulk stream, whose chunks are up to 1 MiB: at most 4 MiB held per peer. */
    static final int BULK_READ_AHEAD = 4;

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
