package org.pouw.bench.gate;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.pouw.bench.Median;
import org.pouw.bench.Sitting;
import org.pouw.bench.TimedRounds;
import org.pouw.gate.hashcash.HashcashCheck;
import org.pouw.gate.hashcash.HashcashMinter;

/**
 * Hashcash stamp minting in Java ({@code HashcashMinter}) beside the {@code hashcash} C tool, in one sitting and in
 * alternating rounds so both see the same machine (issue 21, Performance: the Java minter at least 0.8 of the tool's
 * SHA-1 rate), and the gate's stamp check per stamp. One thread each: the tool mints on one core.
 * <ul>
 *   <li>Java: {@code --stamps} stamps of {@code --bits} bits per round; the rate is the tries (read from each
 *       stamp's counter, which counts tries from zero) per second of wall time and per CPU-second of the thread.</li>
 *   <li>The tool, two ways: its own speed report, {@code hashcash -s} ("preimage tests per second", a burst of a few
 *       milliseconds), and {@code hashcash -m -q -b BITS RESOURCE} run for the same number of stamps under
 *       {@code /usr/bin/time}, as expected tries (2^bits each) per CPU-second (user + system) — per CPU-second so a
 *       loaded machine does not decide the ratio; tries per stamp are geometric, so use enough stamps.</li>
 *   <li>The check: {@code HashcashCheck.check} of a 20-bit stamp against its resource and difficulty.</li>
 * </ul>
 *
 * <pre>
 *   ./mvnw -B -q -pl pouw-bench -am package -DskipTests
 *   java -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" \
 *       org.pouw.bench.gate.StampMintingBenchmark [--rounds 7] [--bits 22] [--stamps 4]
 * </pre>
 */
public final class StampMintingBenchmark {
    private static final String RESOURCE = "238d949198559cdb5d4535ed7d92bc78";
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private StampMintingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("--rounds", "7", "--bits", "22", "--stamps", "4"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!options.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + options.keySet());
            }
            options.put(args[i], args[i + 1]);
        }
        int rounds = Integer.parseInt(options.get("--rounds"));
        int bits = Integer.parseInt(options.get("--bits"));
        int stamps = Integer.parseInt(options.get("--stamps"));
        Sitting.print(StampMintingBenchmark.class, args, "rounds " + rounds + ", bits " + bits + ", stamps "
                + stamps);

        SplittableRandom random = new SplittableRandom();
        HashcashMinter.mint(RESOURCE, 16, "261206", random);
        double[] java = new double[rounds];
        double[] toolReport = new double[rounds];
        double[] toolMinting = new double[rounds];
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        double[] javaWall = new double[rounds];
        Path timing = Files.createTempFile("hashcash-time", ".txt");
        for (int round = 0; round < rounds; round++) {
            long tries = 0;
            long start = System.nanoTime();
            long cpuStart = cpu.getCurrentThreadCpuTime();
            for (int s = 0; s < stamps; s++) {
                tries += tries(HashcashMinter.mint(RESOURCE, bits, "261206", random));
            }
            java[round] = tries * 1e9 / (cpu.getCurrentThreadCpuTime() - cpuStart);
            javaWall[round] = tries * 1e9 / (System.nanoTime() - start);
            toolReport[round] = toolSpeed();
            double toolCpu = 0;
            for (int s = 0; s < stamps; s++) {
                run("/usr/bin/time", "-f", "%U %S", "-o", timing.toString(), "hashcash", "-m", "-q", "-b",
                        Integer.toString(bits), RESOURCE);
                for (String seconds : Files.readString(timing).strip().split("\\s+")) {
                    toolCpu += Double.parseDouble(seconds);
                }
            }
            toolMinting[round] = stamps * Math.pow(2, bits) / Math.max(toolCpu, 0.01);
            System.out.printf(Locale.ROOT, "round %d: Java %.2f M tries per CPU-s (%.2f M/s wall); hashcash -m %.2f M "
                    + "expected tries per CPU-s; hashcash -s %.2f M/s (load %.1f)%n", round + 1, java[round] / 1e6,
                    javaWall[round] / 1e6, toolMinting[round] / 1e6, toolReport[round] / 1e6, Sitting.load());
        }
        Files.deleteIfExists(timing);
        double javaMedian = Median.upper(java);
        double toolMedian = Median.upper(toolMinting);
        System.out.printf(Locale.ROOT, "minting, one thread, per CPU-second: Java median %.2f M tries; hashcash -m "
                + "median %.2f M; Java / hashcash = %.2f (hashcash -s median %.2f M/s)%n", javaMedian / 1e6,
                toolMedian / 1e6, javaMedian / toolMedian, Median.upper(toolReport) / 1e6);

        String stamp = HashcashMinter.mint(RESOURCE, 20, "261206", random);
        TimedRounds.Rate check = TimedRounds.median(rounds, 500, () -> HashcashCheck.check(stamp, RESOURCE, 20));
        System.out.printf(Locale.ROOT, "stamp check (20 bits): %.0f /s wall, %.0f per CPU-second: %.2f µs each%n",
                check.perWallSecond(), check.perCpuSecond(), 1e6 / check.perCpuSecond());
    }

    /** Tries the Java minter made: its counter (the stamp's last field, base64 from zero) plus one. */
    private static long tries(String stamp) {
        long n = 0;
        for (char c : stamp.substring(stamp.lastIndexOf(':') + 1).toCharArray()) {
            n = n * 64 + ALPHABET.indexOf(c);
        }
        return n + 1;
    }

    /** {@code hashcash -s}: "speed: N preimage tests per second". */
    private static double toolSpeed() throws IOException, InterruptedException {
        for (String line : run("hashcash", "-s")) {
            if (line.startsWith("speed:")) {
                return Double.parseDouble(line.split("\\s+")[1]);
            }
        }
        throw new IllegalStateException("hashcash -s printed no speed line");
    }

    private static List<String> run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(600, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: "
                    + new String(out, StandardCharsets.UTF_8) + " (install the Debian package hashcash)");
        }
        return new ArrayList<>(new String(out, StandardCharsets.UTF_8).lines().toList());
    }
}
