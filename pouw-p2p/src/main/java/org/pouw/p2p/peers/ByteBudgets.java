package org.pouw.p2p.peers;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Inbound bytes per peer: a token bucket (Bucket4j) refilled at {@code bytesPerSecond} up to {@code burstBytes}, on
 * the node's own clock so tests turn a crank instead of sleeping. A frame that does not fit is dropped and counted
 * as flooding.
 */
public final class ByteBudgets {
    private final long bytesPerSecond;
    private final long burstBytes;
    private final TimeMeter time;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public ByteBudgets(long bytesPerSecond, long burstBytes, InstantSource clock) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bytes_per_second must be > 0, got " + bytesPerSecond);
        }
        if (burstBytes < bytesPerSecond) {
            throw new IllegalArgumentException("burst_bytes must be >= bytes_per_second, got " + burstBytes);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.burstBytes = burstBytes;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    /** True when the peer may spend {@code bytes} now (and they are taken from its budget). */
    public boolean trySpend(String peerId, long bytes) {
        return buckets.computeIfAbsent(peerId, id -> newBucket()).tryConsume(Math.max(1, bytes));
    }

    public void forget(String peerId) {
        buckets.remove(peerId);
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(burstBytes)
                        .refillGreedy(bytesPerSecond, Duration.ofSeconds(1)).build())
                .withCustomTimePrecision(time)
                .build();
    }
}
