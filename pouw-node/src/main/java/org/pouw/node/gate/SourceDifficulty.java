package org.pouw.node.gate;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import org.pouw.core.Clock;

/**
 * Hashcash difficulty per source (issue 21 §1): a source is an address group (an IPv4 /24, an IPv6 /48) and, apart,
 * a DID. Within each minute (aligned to the epoch) a source gets {@code freePerMinute} challenges at the base bits;
 * each doubling of its count beyond that adds one bit, up to the cap. The busier of its address group and its DID
 * sets the bits, so neither spreading over DIDs nor over addresses escapes. Other sources are untouched: overload is
 * shed by the class budget, never by raising everyone's bits.
 */
public final class SourceDifficulty {
    private static final long WINDOW_MS = 60_000;

    private final Clock clock;
    private final int baseBits;
    private final int maxBits;
    private final int freePerMinute;
    private final Map<String, Integer> counts = new HashMap<>();
    private long windowStartMs = Long.MIN_VALUE;

    public SourceDifficulty(Clock clock, int baseBits, int maxBits, int freePerMinute) {
        this.clock = clock;
        this.baseBits = baseBits;
        this.maxBits = maxBits;
        this.freePerMinute = freePerMinute;
    }

    /** Counts one challenge for this source and returns the bits it must pay. */
    public synchronized int next(InetAddress address, String did) {
        long now = clock.millis();
        long window = now - Math.floorMod(now, WINDOW_MS);
        if (window != windowStartMs) {
            counts.clear();
            windowStartMs = window;
        }
        int byGroup = counts.merge("net:" + addressGroup(address), 1, Integer::sum);
        int byDid = counts.merge("did:" + did, 1, Integer::sum);
        return bitsFor(Math.max(byGroup, byDid));
    }

    int bitsFor(int count) {
        if (count <= freePerMinute) {
            return baseBits;
        }
        // One bit per doubling past the free share: ceil(log2(count / free)), in integers.
        int extra = 0;
        long share = freePerMinute;
        while (share < count && baseBits + extra < maxBits) {
            share *= 2;
            extra++;
        }
        return baseBits + extra;
    }

    /** The /24 of an IPv4 address or the /48 of an IPv6 one, as text. */
    static String addressGroup(InetAddress address) {
        byte[] bytes = address.getAddress();
        int keep = bytes.length == 4 ? 3 : 6;
        StringBuilder group = new StringBuilder();
        for (int i = 0; i < keep; i++) {
            group.append(Integer.toHexString(bytes[i] & 0xff)).append('.');
        }
        return group.append('/').append(keep * 8).toString();
    }
}
