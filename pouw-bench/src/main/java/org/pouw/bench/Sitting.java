package org.pouw.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The header every chain benchmark prints before its figures, so a figure copied into the docs carries where it
 * was measured: the CPU, the cores, the load when it started, the JVM and its options (which JIT), and the command.
 */
public final class Sitting {
    private Sitting() {
    }

    public static void print(Class<?> benchmark, String[] args, String settings) {
        System.out.printf(Locale.ROOT, "machine: %s, %d cores, load average %.2f at start%n", cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "jvm: %s %s, options %s (JIT: %s)%n", System.getProperty("java.vm.name"),
                System.getProperty("java.version"), ManagementFactory.getRuntimeMXBean().getInputArguments(), jit());
        System.out.printf(Locale.ROOT, "command: java %s-cp \"%s\" %s %s%n", options(),
                "pouw-bench/target/classes:pouw-bench/target/lib/*", benchmark.getName(), String.join(" ", args));
        System.out.println("settings: " + settings);
    }

    /** The system load average now (1 minute), to print beside a figure taken while others share the cores. */
    public static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String options() {
        StringBuilder out = new StringBuilder();
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            out.append(option).append(' ');
        }
        return out.toString();
    }

    private static String jit() {
        var options = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (options.contains("-Xint")) {
            return "interpreter";
        }
        if (options.contains("-XX:TieredStopAtLevel=1")) {
            return "C1 only";
        }
        return "tiered C1/C2";
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // Not Linux: fall through to the architecture name.
        }
        return System.getProperty("os.arch");
    }
}
