package org.pouw.core.market;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pouw.core.job.Job;
import org.pouw.core.job.JobStatus;

/**
 * Service levels measured on completed jobs (issue 27, item 5; docs/economics.md, "Service levels"): per kind and
 * tier, per prover and per requester, how many jobs completed, how many of them by their deadline (the promise the
 * node made at posting: {@code completed_at_ms ≤ deadline_ms}), and the time to proof ({@code completed_at_ms −
 * created_at_ms}, from posting to the verified result) at the 50th and 95th percentiles. Percentiles are nearest-rank
 * over the sorted times (the value at rank ceil(q × n / 100)), integer arithmetic, and every map is in key order, so
 * two nodes over one database answer the same from the same jobs.
 */
public final class ServiceLevels {
    /** A group of jobs: kind and tier. */
    public record KindTier(String kind, String tier) implements Comparable<KindTier> {
        private static final Comparator<KindTier> ORDER = Comparator.comparing(KindTier::kind)
                .thenComparing(KindTier::tier);

        @Override
        public int compareTo(KindTier other) {
            return ORDER.compare(this, other);
        }
    }

    /**
     * One group's level: {@code completed} jobs, {@code onTime} of them by their deadline, and the time to proof at
     * the 50th and 95th percentiles (0 when none completed).
     */
    public record Level(long completed, long onTime, long p50Ms, long p95Ms) {
        /** The on-time share in thousandths, rounded down; 1000 when nothing completed (no promise was broken). */
        public long onTimePermille() {
            return completed == 0 ? 1000 : onTime * 1000 / completed;
        }

        static Level of(List<Job> jobs) {
            long[] times = new long[jobs.size()];
            long onTime = 0;
            for (int i = 0; i < times.length; i++) {
                Job job = jobs.get(i);
                times[i] = timeToProofMs(job);
                if (ServiceLevels.onTime(job)) {
                    onTime++;
                }
            }
            Arrays.sort(times);
            return new Level(times.length, onTime, percentile(times, 50), percentile(times, 95));
        }
    }

    private final Map<KindTier, Level> byKindTier;
    private final Map<String, Level> byProver;
    private final Map<String, Map<KindTier, Level>> byRequester;

    private ServiceLevels(Map<KindTier, Level> byKindTier, Map<String, Level> byProver,
                          Map<String, Map<KindTier, Level>> byRequester) {
        this.byKindTier = Collections.unmodifiableMap(byKindTier);
        this.byProver = Collections.unmodifiableMap(byProver);
        this.byRequester = Collections.unmodifiableMap(byRequester);
    }

    /** The levels of {@code completed} (jobs of any other status are ignored). */
    public static ServiceLevels of(List<Job> completed) {
        Map<KindTier, List<Job>> kindTier = new TreeMap<>();
        Map<String, List<Job>> prover = new TreeMap<>();
        Map<String, Map<KindTier, List<Job>>> requester = new TreeMap<>();
        for (Job job : completed) {
            if (job.completedAtMs() <= 0 || job.status() != JobStatus.COMPLETED) {
                continue;
            }
            KindTier group = new KindTier(job.kind(), job.tier().wire());
            kindTier.computeIfAbsent(group, k -> new ArrayList<>()).add(job);
            if (!job.leaseHolder().isEmpty()) {
                prover.computeIfAbsent(job.leaseHolder(), k -> new ArrayList<>()).add(job);
            }
            requester.computeIfAbsent(job.requester().text(), k -> new TreeMap<>())
                    .computeIfAbsent(group, k -> new ArrayList<>()).add(job);
        }
        Map<String, Map<KindTier, Level>> ofRequesters = new TreeMap<>();
        requester.forEach((did, groups) -> ofRequesters.put(did, Collections.unmodifiableMap(levels(groups))));
        return new ServiceLevels(levels(kindTier), levels(prover), ofRequesters);
    }

    /** Per kind and tier, in kind then tier order. */
    public Map<KindTier, Level> byKindTier() {
        return byKindTier;
    }

    /** Per prover (the holder of the lease that completed the job), in prover-id order. */
    public Map<String, Level> byProver() {
        return byProver;
    }

    /** One client's own levels (the jobs it requested), per kind and tier; empty for a client with none. */
    public Map<KindTier, Level> ofRequester(String requester) {
        return byRequester.getOrDefault(requester, Map.of());
    }

    /** From posting to the verified result; 0 for a job not completed. */
    public static long timeToProofMs(Job job) {
        return job.completedAtMs() <= 0 ? 0 : Math.max(0, job.completedAtMs() - job.createdAtMs());
    }

    /** Whether a completed job met the deadline it was posted with. */
    public static boolean onTime(Job job) {
        return job.completedAtMs() > 0 && job.completedAtMs() <= job.deadlineMs();
    }

    /** Nearest rank: the value at rank ceil(q × n / 100) of the sorted values; 0 for none. */
    static long percentile(long[] sorted, int q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) ((q * (long) sorted.length + 99) / 100);
        return sorted[Math.max(rank, 1) - 1];
    }

    private static <K> Map<K, Level> levels(Map<K, List<Job>> groups) {
        Map<K, Level> out = new TreeMap<>();
        groups.forEach((key, jobs) -> out.put(key, Level.of(jobs)));
        return out;
    }
}
