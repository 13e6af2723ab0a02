package org.pouw.p2p;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.net.SocketAddress;
import javax.net.ssl.SSLSession;

/** The listener's end of a stream a peer opened. */
final class ServerFrameStream implements FrameStream {
    private final ServerCall<byte[], byte[]> call;
    private boolean headersSent;
    private boolean closed;

    ServerFrameStream(ServerCall<byte[], byte[]> call) {
        this.call = call;
    }

    @Override
    public synchronized void send(byte[] frame) {
        if (closed) {
            return;
        }
        if (!headersSent) {
            call.sendHeaders(new Metadata());
            headersSent = true;
        }
        call.sendMessage(frame);
    }

    @Override
    public synchronized void close(String why) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            call.close(Status.PERMISSION_DENIED.withDescription(why), new Metadata());
        } catch (IllegalStateException alreadyClosed) {
            // the transport closed it first (the peer left); nothing more to end
        }
    }

    @Override
    public SSLSession session() {
        return call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    }

    @Override
    public SocketAddress remoteAddress() {
        return call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    }
}
