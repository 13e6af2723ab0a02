package org.pouw.bench.stark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pouw.bench.Median;
import org.pouw.crypto.Goldilocks;
import org.pouw.stark.ProverProgress;
import org.pouw.stark.StarkVerdict;
import org.pouw.stark.VmStark;
import org.pouw.stark.air.hashchain.JobBinding;
import org.pouw.stark.air.vm.ProgramTable;
import org.pouw.stark.air.vm.VmAir;
import org.pouw.stark.air.vm.VmStatement;
import org.pouw.stark.proof.ProofOptions;
import org.pouw.stark.proof.SecurityEstimate;
import org.pouw.vm.ExecutionResult;
import org.pouw.vm.Instruction;
import org.pouw.vm.Interpreter;
import org.pouw.vm.Program;
import org.pouw.vm.VmState;

/**
 * Prover time, verifier time (including building the program table) and proof size of the VM AIR (issue 22,
 * "Performance") for runs of exactly 2^k − 1 steps (2^k rows, no half-empty trace) at the 96-bit and 128-bit
 * option sets, as medians over a few runs; then what an uncached program table of the largest program costs. The program is a countdown loop of 4 steps per iteration (jz, mul, addi,
 * jmp) after one li, so r0 = 2^(k−2) − 1 gives 2^k − 1 steps.
 *
 * <p>Run from the repository root (a 3 GB heap is enough up to {@code --to 18}, 2^18 − 1 steps; docs/stark.md):
 * <pre>
 *   ./mvnw -B -q -pl pouw-bench -am package -DskipTests
 *   java -Xmx4g -cp "pouw-bench/target/classes:pouw-bench/target/lib/*" \
 *       org.pouw.bench.stark.VmStarkBenchmark [--from 10] [--to 16] [--runs 3] [--only 96]
 * </pre>
 */
public final class VmStarkBenchmark {
    private static final JobBinding BENCH_BINDING = JobBinding.of("00000000000000000000000000000001",
            "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");
    /** li r2 3; loop: jz r0 end; mul r1 r1 r2; addi r0 r0 −1; jmp loop; end: halt. */
    private static final Program COUNTDOWN = Program.of(Instruction.li(2, 3), Instruction.jz(0, 5),
            Instruction.mul(1, 1, 2), Instruction.addi(0, 0, Goldilocks.P - 1), Instruction.jmp(1),
            Instruction.halt());

    private VmStarkBenchmark() {
    }

    public static void main(String[] args) {
        int from = 10;
        int to = 16;
        int runs = 3;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--from" -> from = Integer.parseInt(args[++i]);
                case "--to" -> to = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        System.out.printf(Locale.ROOT, "cores=%d, max heap=%d MiB, JVM %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"));
        for (int i = 0; i < 3; i++) {
            measureQuietly(9, VmStark.OPTIONS_96);
        }
        System.out.printf(Locale.ROOT, "%-10s %-8s %-6s %-5s %10s %14s %14s %12s %10s%n", "steps", "rows", "target",
                "bits", "prove (s)", "prove cpu (s)", "kHz per core", "verify (ms)", "proof (KB)");
        Map<String, ProofOptions> sets = new LinkedHashMap<>();
        sets.put("96", VmStark.OPTIONS_96);
        sets.put("128", VmStark.OPTIONS_128);
        if (only != null) {
            sets.keySet().retainAll(List.of(only));
        }
        for (int log = from; log <= to; log++) {
            for (Map.Entry<String, ProofOptions> set : sets.entrySet()) {
                measure(log, set.getKey(), set.getValue(), runs);
            }
        }
        measureTable();
    }

    /**
     * What the program table costs the verifier when it is not cached: building and interpolating the table of a
     * program of the stark-mode maximum, 65,535 instructions (P′ = 2^16). The verifications above take their table
     * from {@link org.pouw.stark.air.vm.ProgramTableCache}, so they pay this once per program, not per proof.
     */
    private static void measureTable() {
        Instruction[] instructions = new Instruction[ProgramTable.MAX_INSTRUCTIONS];
        for (int i = 0; i < instructions.length - 1; i++) {
            instructions[i] = Instruction.addi(1, 1, i);
        }
        instructions[instructions.length - 1] = Instruction.halt();
        Program largest = Program.of(instructions);
        double[] millis = new double[7];
        for (int r = 0; r < millis.length; r++) {
            long start = System.nanoTime();
            ProgramTable table = ProgramTable.of(largest);
            millis[r] = (System.nanoTime() - start) / 1e6;
            if (table.period() != 1 << 16) {
                throw new IllegalStateException("period " + table.period());
            }
        }
        System.out.printf(Locale.ROOT, "program table of %d instructions (P' = 2^16), built and interpolated "
                + "uncached: %.2f ms (median of %d)%n", ProgramTable.MAX_INSTRUCTIONS, Median.upper(millis),
                millis.length);
    }

    private static long[] inputs(int log) {
        return new long[] {(1L << (log - 2)) - 1, 1};
    }

    private static void measureQuietly(int log, ProofOptions options) {
        byte[] proof = VmStark.prove(COUNTDOWN, inputs(log), 1L << log, BENCH_BINDING, options, ProverProgress.NONE);
        ExecutionResult run = Interpreter.run(COUNTDOWN, inputs(log), 1L << log);
        for (int v = 0; v < 20; v++) {
            VmStark.verify(proof, COUNTDOWN, statement(log, run));
        }
    }

    private static VmStatement statement(int log, ExecutionResult run) {
        return new VmStatement(COUNTDOWN.hash(), VmState.initial(inputs(log)).registers(), run.steps(),
                run.finalState(), BENCH_BINDING);
    }

    private static void measure(int log, String target, ProofOptions options, int runs) {
        ExecutionResult run = Interpreter.run(COUNTDOWN, inputs(log), 1L << log);
        if (run.steps() != (1 << log) - 1) {
            throw new IllegalStateException("the countdown ran " + run.steps() + " steps, not 2^" + log + " - 1");
        }
        double[] proveSeconds = new double[runs];
        double[] proveCpuSeconds = new double[runs];
        byte[] proof = null;
        for (int r = 0; r < runs; r++) {
            System.gc();
            long start = System.nanoTime();
            long cpuStart = HashChainStarkBenchmark.processCpuNanos();
            proof = VmStark.prove(COUNTDOWN, inputs(log), 1L << log, BENCH_BINDING, options, ProverProgress.NONE);
            proveSeconds[r] = (System.nanoTime() - start) / 1e9;
            proveCpuSeconds[r] = (HashChainStarkBenchmark.processCpuNanos() - cpuStart) / 1e9;
        }
        VmStatement statement = statement(log, run);
        int verifications = 21;
        double[] verifyMillis = new double[verifications];
        for (int v = 0; v < verifications; v++) {
            long start = System.nanoTime();
            StarkVerdict verdict = VmStark.verify(proof, COUNTDOWN, statement);
            verifyMillis[v] = (System.nanoTime() - start) / 1e6;
            if (!verdict.valid()) {
                throw new IllegalStateException("benchmark proof did not verify: " + verdict);
            }
        }
        int rows = VmAir.traceLength(run.steps(), ProgramTable.period(COUNTDOWN.size()));
        int bits = SecurityEstimate.conjecturedBits(options, rows);
        double cpu = Median.upper(proveCpuSeconds);
        System.out.printf(Locale.ROOT, "2^%d-1     %-8d %-6s %-5d %10.3f %14.3f %14.2f %12.2f %10.1f%n", log, rows,
                target, bits, Median.upper(proveSeconds), cpu, run.steps() / cpu / 1000, Median.upper(verifyMillis),
                proof.length / 1024.0);
    }
}
