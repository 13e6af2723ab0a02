package org.pouw.node.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A request body stream that tells the connection's watch each time bytes arrive (for the minimum body rate). */
final class CountingBodyStream extends FilterInputStream {
    private final ConnectionWatch watch;

    CountingBodyStream(InputStream in, ConnectionWatch watch) {
        super(in);
        this.watch = watch;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            watch.bodyBytesRead(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            watch.bodyBytesRead(n);
        }
        return n;
    }
}
