package org.pouw.core.market;

import java.util.Map;

/**
 * The largest job the node accepts (issue 27, item 3): work no worker it admits could deliver is refused at posting,
 * not left to expire with its client's money held. {@code memoryMb}: the most memory a job may need of its prover
 * ({@code market.max_job_memory_mb}); {@code resultBytes}: the largest result a prover may upload, the node's upload
 * limit ({@code http.max_upload_bytes}), which a job's worst-case proof or opening must fit. {@code maxJobMs}: the
 * longest a job may take at the slowest assumed speed ({@code market.max_job_seconds}; its deadline caps it too);
 * {@code slowestUnitsPerSecond}: that speed per kind, in the kind's work units a second
 * ({@code market.slowest_units_per_second}); a kind without one states no time.
 */
public record JobCaps(long memoryMb, long resultBytes, long maxJobMs, Map<String, Long> slowestUnitsPerSecond) {
    /** A day: the longest job at the slowest speed unless the operator says otherwise. */
    public static final long DEFAULT_MAX_JOB_MS = 86_400_000;
    /**
     * The slowest speeds a node assumes unless its operator says otherwise ({@code market.slowest_units_per_second}),
     * about a tenth of what this repository's provers measured per core on a loaded machine (docs/stark.md: the VM
     * 5,300–10,100 trace rows a CPU-second, 2,600 at 2^10 rows; the hash chain 2,700–3,400 hashes a CPU-second),
     * so a slow or busy honest machine still proves faster than assumed. At these speeds the largest jobs a node
     * takes by default (2^20 rows for 10^6 VM steps, 2^16 hashes) take 2,098 s and 219 s, within the default hour
     * before a job's deadline, so nothing a node accepted before is refused. Kinds not named state no time.
     */
    public static final Map<String, Long> DEFAULT_SLOWEST_UNITS_PER_SECOND = Map.of("vm-stark", 500L,
            "hash-chain", 300L);
    /** 64 GiB of memory; results up to the node's default upload limit of 256 MiB; no time stated. */
    public static final JobCaps DEFAULTS = new JobCaps(65_536, 256L << 20);

    public JobCaps {
        if (memoryMb <= 0) {
            throw new IllegalArgumentException("max_job_memory_mb must be > 0, got " + memoryMb);
        }
        if (resultBytes <= 0) {
            throw new IllegalArgumentException("the largest result must be > 0 bytes, got " + resultBytes);
        }
        if (maxJobMs <= 0) {
            throw new IllegalArgumentException("max_job_seconds must be > 0, got " + maxJobMs + " ms");
        }
        slowestUnitsPerSecond = Map.copyOf(slowestUnitsPerSecond);
        slowestUnitsPerSecond.forEach((kind, speed) -> {
            if (speed <= 0) {
                throw new IllegalArgumentException("slowest_units_per_second." + kind + " must be > 0, got " + speed);
            }
        });
    }

    /** Memory and result caps, no kind's time stated. */
    public JobCaps(long memoryMb, long resultBytes) {
        this(memoryMb, resultBytes, DEFAULT_MAX_JOB_MS, Map.of());
    }

    /** These caps with the slowest speeds per kind and the longest job at them. */
    public JobCaps withTimes(long maxJobMs, Map<String, Long> slowestUnitsPerSecond) {
        return new JobCaps(memoryMb, resultBytes, maxJobMs, slowestUnitsPerSecond);
    }

    /**
     * How long {@code workUnits} of {@code kind} take at the slowest assumed speed, in ms rounded up (saturating);
     * 0 for a kind with no speed configured.
     */
    public long slowestMs(String kind, long workUnits) {
        Long speed = slowestUnitsPerSecond.get(kind);
        if (speed == null) {
            return 0;
        }
        long whole = workUnits / speed;
        long rest = workUnits % speed;
        return whole > Long.MAX_VALUE / 1_000 - 1 ? Long.MAX_VALUE : whole * 1_000 + Math.ceilDiv(rest * 1_000, speed);
    }
}
