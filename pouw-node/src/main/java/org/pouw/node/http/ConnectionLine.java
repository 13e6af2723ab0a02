package org.pouw.node.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.socket.HelidonSocket;

/**
 * The raw socket under a connection, as the deadline sweeper uses it: one last answer written past the web server,
 * then the hang-up. A seam of its own so the sweeper's timing against the connection's own answers can be tested on
 * a plain socket pair.
 */
interface ConnectionLine {
    void write(byte[] bytes);

    void hangUp();

    static ConnectionLine of(HelidonSocket socket) {
        return new ConnectionLine() {
            @Override
            public void write(byte[] bytes) {
                socket.write(BufferData.create(bytes));
            }

            @Override
            public void hangUp() {
                socket.close();
            }
        };
    }
}
