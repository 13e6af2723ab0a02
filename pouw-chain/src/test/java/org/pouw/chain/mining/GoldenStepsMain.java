package org.pouw.chain.mining;

import org.pouw.ml.tensor.ThreadTeam;

/**
 * Replays the golden steps and prints them, then the verdict; {@link GoldenStepsAcrossJitIT} runs it in fresh JVMs
 * under other JIT settings and JDKs. Argument: the thread count.
 */
public final class GoldenStepsMain {
    private GoldenStepsMain() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        try (ThreadTeam team = ThreadTeam.of(threads)) {
            GoldenSteps.replay(team).forEach(System.out::println);
            GoldenStepVerdict verdict = GoldenSteps.check(team);
            System.out.println(verdict.passed() ? "verdict passed" : "verdict " + verdict.reason());
        }
    }
}
