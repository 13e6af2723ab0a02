package org.pouw.bench.stark;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pouw.bench.Median;
import org.pouw.stark.HashChainStark;
import org.pouw.stark.ProverProgress;
import org.pouw.stark.StarkVerdict;
import org.pouw.stark.StarkVerifier;
import org.pouw.stark.air.hashchain.JobBinding;
import org.pouw.stark.proof.ProofOptions;
import org.pouw.stark.proof.SecurityEstimate;

/**
 * Prover time, verifier time, proof size and peak heap for Rescue-Prime hash chains of 2^10 … 2^16 hashes at the
 * 96-bit and 128-bit option sets, as medians over a few runs (issue 3, "Performance").
 *
 * <p>Run from the repository root:
 * <pre>
 *   ./mvnw -B -q -pl pouw-bench -am package -DskipTests
 *   java -Xmx6g -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" \
 *       org.pouw.bench.stark.HashChainStarkBenchmark [--from 10] [--to 16] [--runs 3] [--phases] [--only 96]
 * </pre>
 * {@code --phases} also prints where the prover's time went (per phase, from the progress listener);
 * {@code --only 96} (or 128) restricts the run to one option set.
 */
public final class HashChainStarkBenchmark {
    /** Which job and prover the measured proofs are for does not change their cost: any binding will do. */
    private static final JobBinding BENCH_BINDING = JobBinding.of("00000000000000000000000000000001",
            "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");
    private HashChainStarkBenchmark() {
    }

    public static void main(String[] args) {
        int from = 10;
        int to = 16;
        int runs = 3;
        boolean phases = false;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--from" -> from = Integer.parseInt(args[++i]);
                case "--to" -> to = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--phases" -> phases = true;
                case "--only" -> only = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        System.out.printf(Locale.ROOT, "cores=%d, max heap=%d MiB, JVM %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
        warmUp();
        System.out.printf(Locale.ROOT, "%-8s %-6s %-5s %10s %14s %12s %10s %11s%n", "hashes", "target", "bits",
                "prove (s)", "prove cpu (s)", "verify (ms)", "proof (KB)", "peak (MiB)");
        Map<String, ProofOptions> sets = new LinkedHashMap<>();
        sets.put("96", HashChainStark.OPTIONS_96);
        sets.put("128", HashChainStark.OPTIONS_128);
        if (only != null) {
            sets.keySet().retainAll(List.of(only));
        }
        for (int log = from; log <= to; log++) {
            for (Map.Entry<String, ProofOptions> set : sets.entrySet()) {
                measure(1L << log, set.getKey(), set.getValue(), runs, phases);
            }
        }
    }

    private static void warmUp() {
        for (int i = 0; i < 3; i++) {
            byte[] proof = HashChainStark.prove(BENCH_BINDING,
                    new long[] {1, 2, 3, 4}, 1 << 9, HashChainStark.OPTIONS_96,
                    ProverProgress.NONE);
            for (int v = 0; v < 50; v++) {
                StarkVerifier.verify(proof);
            }
        }
    }

    private static void measure(long hashes, String target, ProofOptions options, int runs, boolean phases) {
        long[] seed = {hashes, 2, 3, 4};
        double[] proveSeconds = new double[runs];
        double[] proveCpuSeconds = new double[runs];
        long peak = 0;
        byte[] proof = null;
        PhaseTimer timer = new PhaseTimer();
        for (int run = 0; run < runs; run++) {
            System.gc();
            resetPeaks();
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            proof = HashChainStark.prove(BENCH_BINDING,
                    seed, hashes, options, phases && run == runs - 1 ? timer : ProverProgress.NONE);
            proveSeconds[run] = (System.nanoTime() - start) / 1e9;
            proveCpuSeconds[run] = (processCpuNanos() - cpuStart) / 1e9;
            peak = Math.max(peak, heapPeak());
        }
        int verifications = 21;
        double[] verifyMillis = new double[verifications];
        for (int v = 0; v < verifications; v++) {
            long start = System.nanoTime();
            StarkVerdict verdict = StarkVerifier.verify(proof);
            verifyMillis[v] = (System.nanoTime() - start) / 1e6;
            if (!verdict.valid()) {
                throw new IllegalStateException("benchmark proof did not verify: " + verdict);
            }
        }
        int bits = SecurityEstimate.conjecturedBits(options, HashChainStark.traceLength(hashes));
        System.out.printf(Locale.ROOT, "2^%-6d %-6s %-5d %10.3f %14.3f %12.2f %10.1f %11d%n",
                Long.numberOfTrailingZeros(hashes), target, bits, Median.upper(proveSeconds),
                Median.upper(proveCpuSeconds), Median.upper(verifyMillis), proof.length / 1024.0, peak >> 20);
        if (phases) {
            timer.print();
        }
    }

    /** CPU time of the whole process (all threads), which load from other processes on the machine barely skews. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peak usage since the last reset (an upper bound on the live peak). */
    private static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** Records when each prover phase starts, to print where the time went. */
    private static final class PhaseTimer implements ProverProgress {
        private final List<String> names = new ArrayList<>();
        private final List<Long> starts = new ArrayList<>();
        private final List<Long> cpuStarts = new ArrayList<>();

        @Override
        public void onProgress(String phase, double fraction) {
            if (names.isEmpty() || !names.get(names.size() - 1).equals(phase)) {
                names.add(phase);
                starts.add(System.nanoTime());
                cpuStarts.add(processCpuNanos());
            }
        }

        void print() {
            for (int i = 0; i + 1 < names.size(); i++) {
                System.out.printf(Locale.ROOT, "    %-22s %8.1f ms wall %8.1f ms cpu%n", names.get(i),
                        (starts.get(i + 1) - starts.get(i)) / 1e6, (cpuStarts.get(i + 1) - cpuStarts.get(i)) / 1e6);
            }
            names.clear();
            starts.clear();
            cpuStarts.clear();
        }
    }
}
