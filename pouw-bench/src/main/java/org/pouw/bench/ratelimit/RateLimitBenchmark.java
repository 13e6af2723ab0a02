package org.pouw.bench.ratelimit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.pouw.bench.TimedRounds;
import org.pouw.bench.TimedRounds.Rate;
import org.pouw.core.Clock;
import org.pouw.node.ratelimit.LimitClass;
import org.pouw.node.ratelimit.RateLimitOpening;
import org.pouw.node.ratelimit.RateLimitSettings;

/**
 * What a rate-limit admission costs the node (issue 18), one calling thread: a signed-in request's two buckets (its
 * address's and its did's) taken from the in-process store for one busy client, and for a client rotating through
 * fresh IPv6 /64s (every request a new bucket, the bounded cache evicting), and, with {@code --redis-url}, from a
 * shared Redis store (two scripts a request). The median of timed rounds after warm-up.
 *
 * <pre>
 * ./mvnw -q -B -DskipTests -pl pouw-bench -am package
 * java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" org.pouw.bench.ratelimit.RateLimitBenchmark \
 *      [--rounds 5] [--millis 1000] [--redis-url redis://127.0.0.1:6390]
 * </pre>
 * For Redis start one first, e.g. {@code redis-server --port 6390 --save ''} (its default policy is noeviction).
 */
public final class RateLimitBenchmark {
    private static final String DID = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
    private static final AtomicLong ROTATION = new AtomicLong();

    private RateLimitBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 5;
        long millis = 1_000;
        String redisUrl = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--millis" -> millis = Long.parseLong(args[++i]);
                case "--redis-url" -> redisUrl = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        InetAddress busy = InetAddress.getByName("192.0.2.1");
        try (RateLimitOpening.Opened local = RateLimitOpening.open(settings(Map.of()), Clock.system(),
                new SimpleMeterRegistry())) {
            print("local", "one client", TimedRounds.median(rounds, millis, () -> local.limiter()
                    .admit(LimitClass.READS, false, busy, Optional.of(DID))));
            print("local", "rotating /64s", TimedRounds.median(rounds, millis, () -> local.limiter()
                    .admit(LimitClass.READS, false, rotated(), Optional.empty())));
        }
        if (redisUrl != null) {
            try (RateLimitOpening.Opened redis = RateLimitOpening.open(settings(Map.of("rate_limits.store", "redis",
                    "rate_limits.redis_url", redisUrl)), Clock.system(), new SimpleMeterRegistry())) {
                print("redis", "one client", TimedRounds.median(rounds, millis, () -> redis.limiter()
                        .admit(LimitClass.READS, false, busy, Optional.of(DID))));
            }
        }
    }

    /** Limits high enough that every admission takes its tokens: the cost measured is the taking. */
    private static RateLimitSettings settings(Map<String, String> changes) {
        Map<String, String> raw = new LinkedHashMap<>();
        RateLimitSettings.putDefaults(raw);
        Map<String, String> all = new HashMap<>(raw);
        all.put("rate_limits.reads.address_per_minute", "100000000");
        all.put("rate_limits.reads.address_burst", "100000000");
        all.put("rate_limits.reads.did_per_minute", "100000000");
        all.put("rate_limits.reads.did_burst", "100000000");
        all.putAll(changes);
        return RateLimitSettings.parse(all);
    }

    private static InetAddress rotated() {
        long n = ROTATION.incrementAndGet();
        byte[] address = new byte[16];
        address[0] = 0x20;
        address[1] = 0x01;
        for (int i = 0; i < 6; i++) {
            address[2 + i] = (byte) (n >>> (8 * i));
        }
        try {
            return InetAddress.getByAddress(address);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void print(String store, String traffic, Rate rate) {
        System.out.printf(Locale.ROOT, "%-6s %-14s %,12.0f admissions/s (wall), %,12.0f per CPU-second%n", store,
                traffic, rate.perWallSecond(), rate.perCpuSecond());
    }
}
