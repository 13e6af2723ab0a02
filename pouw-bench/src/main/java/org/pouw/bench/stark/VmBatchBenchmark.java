package org.pouw.bench.stark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.pouw.bench.Median;
import org.pouw.crypto.Goldilocks;
import org.pouw.stark.ProverProgress;
import org.pouw.stark.StarkVerdict;
import org.pouw.stark.VmBatchStark;
import org.pouw.stark.VmStark;
import org.pouw.stark.air.hashchain.JobBinding;
import org.pouw.stark.air.vm.BatchProgramTable;
import org.pouw.stark.air.vm.VmBatchAir;
import org.pouw.stark.air.vm.VmBatchStatement;
import org.pouw.stark.proof.ProofOptions;
import org.pouw.stark.proof.SecurityEstimate;
import org.pouw.vm.ExecutionResult;
import org.pouw.vm.Instruction;
import org.pouw.vm.Interpreter;
import org.pouw.vm.Program;
import org.pouw.vm.VmState;

/**
 * Prover time, verifier time (including building the batch's program table, which is not cached) and proof size of
 * the batch AIR (issue 22 §3, "Performance") for batches of 16, 64 and 256 intents of a countdown loop of 59 steps
 * each (li, 14 iterations of jz / mul / addi / jmp, the taken jz, halt), whose Σ (T + 1) + 1 rows just fit
 * 1,024, 4,096 and 16,384. Each intent's inputs differ, so each has its own start and end on the bus; all run one
 * program (the table is that program once per intent, 6 slots each). Medians over a few runs.
 *
 * <p>Run from the repository root after {@code ./mvnw -B -q -pl pouw-bench -am package -DskipTests}:
 * {@code java -Xmx3g -cp "pouw-bench/target/classes:pouw-bench/target/lib/*"
 * org.pouw.bench.stark.VmBatchBenchmark [--runs 3] [--sizes 16,64,256]}
 */
public final class VmBatchBenchmark {
    private static final JobBinding BINDING = JobBinding.of("00000000000000000000000000000002",
            "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");
    /** li r2 3; loop: jz r0 end; mul r1 r1 r2; addi r0 r0 −1; jmp loop; end: halt. */
    private static final Program COUNTDOWN = Program.of(Instruction.li(2, 3), Instruction.jz(0, 5),
            Instruction.mul(1, 1, 2), Instruction.addi(0, 0, Goldilocks.P - 1), Instruction.jmp(1),
            Instruction.halt());
    private static final long ITERATIONS = 14;

    private VmBatchBenchmark() {
    }

    public static void main(String[] args) {
        int runs = 3;
        int[] sizes = {16, 64, 256};
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        System.out.printf(Locale.ROOT, "cores=%d, max heap=%d MiB, JVM %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"));
        measure(4, VmStark.OPTIONS_96, 1, false); // warm-up, not printed
        System.out.printf(Locale.ROOT, "%-8s %-14s %-8s %-5s %10s %14s %14s %12s %10s%n", "intents", "steps/intent",
                "rows", "bits", "prove (s)", "prove cpu (s)", "kHz per core", "verify (ms)", "proof (KB)");
        for (int size : sizes) {
            measure(size, VmStark.OPTIONS_96, runs, true);
        }
    }

    private static void measure(int intents, ProofOptions options, int runs, boolean print) {
        List<VmBatchStark.Run> batch = new ArrayList<>();
        List<VmBatchStatement.Intent> statement = new ArrayList<>();
        List<Program> programs = new ArrayList<>();
        long steps = 0;
        for (int i = 0; i < intents; i++) {
            long[] inputs = {ITERATIONS, i + 1};
            ExecutionResult run = Interpreter.run(COUNTDOWN, inputs, 1000);
            batch.add(new VmBatchStark.Run(COUNTDOWN, inputs));
            statement.add(new VmBatchStatement.Intent(COUNTDOWN.hash(), VmState.initial(inputs).registers(),
                    run.steps(), run.finalState()));
            programs.add(COUNTDOWN);
            steps += run.steps();
        }
        VmBatchStatement expected = new VmBatchStatement(statement, BINDING);
        double[] proveSeconds = new double[runs];
        double[] proveCpuSeconds = new double[runs];
        byte[] proof = null;
        for (int r = 0; r < runs; r++) {
            System.gc();
            long start = System.nanoTime();
            long cpuStart = HashChainStarkBenchmark.processCpuNanos();
            proof = VmBatchStark.prove(batch, 1000, BINDING, options, ProverProgress.NONE);
            proveSeconds[r] = (System.nanoTime() - start) / 1e9;
            proveCpuSeconds[r] = (HashChainStarkBenchmark.processCpuNanos() - cpuStart) / 1e9;
        }
        double[] verifyMillis = new double[21];
        for (int v = 0; v < verifyMillis.length; v++) {
            long start = System.nanoTime();
            StarkVerdict verdict = VmBatchStark.verify(proof, programs, expected);
            verifyMillis[v] = (System.nanoTime() - start) / 1e6;
            if (!verdict.valid()) {
                throw new IllegalStateException("benchmark batch did not verify: " + verdict);
            }
        }
        int rows = VmBatchAir.traceLength(expected, BatchProgramTable.of(programs).period());
        double cpu = Median.upper(proveCpuSeconds);
        if (!print) {
            return;
        }
        System.out.printf(Locale.ROOT, "%-8d %-14d %-8d %-5d %10.3f %14.3f %14.2f %12.2f %10.1f%n", intents,
                steps / intents, rows, SecurityEstimate.conjecturedBits(options, rows), Median.upper(proveSeconds), cpu,
                steps / cpu / 1000, Median.upper(verifyMillis), proof.length / 1024.0);
    }
}
