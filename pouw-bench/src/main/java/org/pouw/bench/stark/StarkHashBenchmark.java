package org.pouw.bench.stark;

import java.util.Locale;
import java.util.SplittableRandom;
import org.pouw.bench.TimedRounds;
import org.pouw.bench.TimedRounds.Rate;
import org.pouw.crypto.Blake3Words;

/**
 * The BLAKE3 calls a STARK prover makes by the million, one thread: a Merkle leaf of a trace row (8 and 24 field
 * elements, one and three blocks), a Merkle node (two digests, one block) and a grinding attempt (41 bytes). The
 * figures are nanoseconds per hash of the calling thread's CPU time (and of wall time), medians of
 * {@code --rounds} rounds of about {@code --millis} ms after a warm-up; {@link HashChainStarkBenchmark} shows the
 * same work inside the whole prover.
 *
 * <p>Run from the repository root:
 * <pre>
 *   ./mvnw -B -q -pl pouw-bench -am package -DskipTests
 *   java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" \
 *       org.pouw.bench.stark.StarkHashBenchmark [--rounds 7] [--millis 500]
 * </pre>
 */
public final class StarkHashBenchmark {
    private static final int CALLS_PER_SAMPLE = 1024;

    private StarkHashBenchmark() {
    }

    public static void main(String[] args) {
        TimedRounds.Settings settings = TimedRounds.Settings.parse(args);
        int rounds = settings.rounds();
        long millis = settings.millis();
        SplittableRandom random = new SplittableRandom(3);
        long[] rows = new long[24 * CALLS_PER_SAMPLE];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = random.nextLong();
        }
        int[] digests = new int[16 * CALLS_PER_SAMPLE + 8];
        for (int i = 0; i < digests.length; i++) {
            digests[i] = random.nextInt();
        }
        byte[] grindInput = new byte[41];
        Blake3Words hasher = new Blake3Words();
        int[] out = new int[8];
        System.out.printf(Locale.ROOT, "java %s; ns per hash, per thread CPU time (wall in brackets)%n",
                System.getProperty("java.version"));
        for (int width : new int[] {8, 24}) {
            report("leaf of " + width + " elements", TimedRounds.median(rounds, millis, () -> {
                for (int c = 0; c < CALLS_PER_SAMPLE; c++) {
                    hasher.hashLongs(rows, c * width, width, out, 0);
                }
                return out;
            }));
        }
        report("node (digest pair)", TimedRounds.median(rounds, millis, () -> {
            for (int c = 0; c < CALLS_PER_SAMPLE; c++) {
                hasher.hashPair(digests, 16 * c, digests, 16 * c + 8, out, 0);
            }
            return out;
        }));
        report("grinding attempt (41 bytes)", TimedRounds.median(rounds, millis, () -> {
            byte[] digest = null;
            for (int c = 0; c < CALLS_PER_SAMPLE; c++) {
                grindInput[40] = (byte) c;
                digest = hasher.hashBytes(grindInput, 0, grindInput.length);
            }
            return digest;
        }));
    }

    private static void report(String what, Rate rate) {
        System.out.printf(Locale.ROOT, "%-28s %7.1f ns  (%7.1f ns)%n", what, 1e9 / (rate.perCpuSecond() * CALLS_PER_SAMPLE),
                1e9 / (rate.perWallSecond() * CALLS_PER_SAMPLE));
    }
}
