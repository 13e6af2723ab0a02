package org.pouw.p2p;

import java.net.SocketAddress;
import javax.net.ssl.SSLSession;

/** One gRPC stream as the link sees it, whichever side opened it: frames out, the TLS session, a way to end it. */
interface FrameStream {
    /** Sends one frame; calls are serialised by the implementation. Ignored once closed. */
    void send(byte[] frame);

    /** Ends the stream (idempotent). */
    void close(String why);

    /** The TLS session the stream runs in; on the dialer's side known once the listener's headers arrived. */
    SSLSession session();

    SocketAddress remoteAddress();
}
