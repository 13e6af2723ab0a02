package org.pouw.p2p;

import io.grpc.ClientCall;
import io.grpc.Grpc;
import java.net.SocketAddress;
import javax.net.ssl.SSLSession;

/** The dialer's end of a stream it opened. */
final class ClientFrameStream implements FrameStream {
    private final ClientCall<byte[], byte[]> call;
    private final SocketAddress dialed;
    private boolean closed;

    ClientFrameStream(ClientCall<byte[], byte[]> call, SocketAddress dialed) {
        this.call = call;
        this.dialed = dialed;
    }

    @Override
    public synchronized void send(byte[] frame) {
        if (!closed) {
            call.sendMessage(frame);
        }
    }

    @Override
    public synchronized void close(String why) {
        if (!closed) {
            closed = true;
            call.cancel(why, null);
        }
    }

    @Override
    public SSLSession session() {
        try {
            return call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        } catch (IllegalStateException beforeHeaders) {
            return null;
        }
    }

    @Override
    public SocketAddress remoteAddress() {
        return dialed;
    }
}
