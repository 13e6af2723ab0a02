package org.pouw.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Calls per second of a small operation: the median of a few timed rounds after warm-up rounds, per wall-second
 * and per CPU-second of the calling thread. On a machine shared with other work the CPU figure of single-thread
 * work stays put while the wall figure follows the load, which is what lets a before/after comparison run while
 * others build.
 */
public final class TimedRounds {
    /** Enough for C2 to compile unrolled BLAKE3 rounds and lane loops (one short round left a tenth of the speed). */
    private static final int WARM_UP_ROUNDS = 4;

    private TimedRounds() {
    }

    /** How many timed rounds and how long each: {@code [--rounds 7] [--millis 500]}. */
    public record Settings(int rounds, long millis) {
        public Settings {
            if (rounds < 1 || millis < 1) {
                throw new IllegalArgumentException("--rounds and --millis must be >= 1, got " + rounds + ", " + millis);
            }
        }

        public static Settings parse(String[] args) {
            int rounds = 7;
            long millis = 500;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "--millis" -> millis = Long.parseLong(args[++i]);
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            return new Settings(rounds, millis);
        }
    }

    /** Calls per wall-second and per CPU-second of the calling thread. */
    public record Rate(double perWallSecond, double perCpuSecond) {
    }

    /** The median rates of {@code rounds} rounds of about {@code millis} ms each, after the warm-up rounds. */
    public static Rate median(int rounds, long millis, Supplier<Object> call) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        double[] wall = new double[rounds];
        double[] perCpu = new double[rounds];
        Object sink = null;
        for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
            long calls = 0;
            long startCpu = cpu.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long end = start + millis * 1_000_000;
            long now;
            do {
                sink = call.get();
                calls++;
                now = System.nanoTime();
            } while (now < end);
            if (round >= 0) {
                wall[round] = calls * 1e9 / (now - start);
                perCpu[round] = calls * 1e9 / Math.max(1, cpu.getCurrentThreadCpuTime() - startCpu);
            }
        }
        if (sink == null) {
            throw new AssertionError("the benchmarked call returned nothing");
        }
        Arrays.sort(wall);
        Arrays.sort(perCpu);
        return new Rate(wall[rounds / 2], perCpu[rounds / 2]);
    }
}
