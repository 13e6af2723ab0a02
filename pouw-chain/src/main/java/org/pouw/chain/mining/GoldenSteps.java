package org.pouw.chain.mining;

import java.util.ArrayList;
import java.util.List;
import org.pouw.chain.mining.GoldenStepCases.GoldenCase;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * The start-up self-check of docs/chain.md §8–§9: a node replays a few golden training steps before it validates
 * any block, and refuses to validate when one differs from the published values. Block validity rests on every node
 * computing a step's bits exactly; a JVM, JIT or CPU that does not (a miscompiled loop, a library that changed a
 * StrictMath result) would otherwise split the node off the chain one block at a time, or accept what others refuse.
 *
 * <p>Each case ({@link GoldenStepCases}) takes {@value #STEPS} tip-keyed steps from its initial state, pinning per step
 * the state hashes before and after, the batch hash, the counted multiply-adds, the ticket count and the leaf; then
 * {@link StepReplay} replays the last step from its start state, as a validator does, and must accept it.
 */
public final class GoldenSteps {
    static final int STEPS = 3;
    static final TicketRule TICKETS = new TicketRule(100, 1 << 16);
    static final Bytes32 MINER = GoldenStepCases.label("golden miner");
    static final Bytes32 TIP = GoldenStepCases.label("golden tip");
    /** Fields of a step line, after the case name and the word "step". */
    static final List<String> FIELDS = List.of("index", "state before", "batch hash", "state after",
            "counted multiply-adds", "tickets", "leaf");

    /** The published values: {@code case step index before batch after multiply-adds tickets leaf}, then the replay. */
    static final List<String> PUBLISHED = List.of(
            "mlp-sgd step 0 "
                    + "d95ffe9c0a37f847636ae849d9f520065ab5d377a61fb2c7ebf857fa9f199a9a "
                    + "718d5e3b8256990ae619f38cc5cb348c2d3b0b3ab5be23b776a8ceb96b5b4372 "
                    + "65bb88fd1b7837ae6519809c88d8771d2e8a0f298679743a9547b2683a2bda8d 6360 63 "
                    + "654b1fad2cd496a46464d0339756ffbe0241f2abafcfb428135c16fbf8a63880",
            "mlp-sgd step 1 "
                    + "65bb88fd1b7837ae6519809c88d8771d2e8a0f298679743a9547b2683a2bda8d "
                    + "cbce4edbd40cd00cffd2686d25e7245b7777356941e704935fab5607e87b79d6 "
                    + "cc61af09c2d76dff7d733b8be3d0a496d8597c0cc6230ae0f9fdc36c7b84cf98 6300 63 "
                    + "12607059f0f4902414f9e3d580d41f928a19c81700b4ee95b09ee5765c2f246d",
            "mlp-sgd step 2 "
                    + "cc61af09c2d76dff7d733b8be3d0a496d8597c0cc6230ae0f9fdc36c7b84cf98 "
                    + "bb6b78bcb75688a3e52fe7dc28f95d78f65a807f802959461ae197cb36686adf "
                    + "183886924480d9dd7e098c0cb1ef9c7dc69d3931572dee72a0d0d8d00d38b5c9 6120 61 "
                    + "e16096483a7770773e1421ef917acfc2873154c8cb11231d36f813ff263a193d",
            "mlp-sgd replay accepted",
            "mlp-adam step 0 "
                    + "56d4a300723c4361498473ec19b0d73ba9ace5a99d6f7b44051a31ebd5ac0119 "
                    + "718d5e3b8256990ae619f38cc5cb348c2d3b0b3ab5be23b776a8ceb96b5b4372 "
                    + "8ae53e11cce4e3338f3916939a770fe17792b359799632d7878015b78637cf41 5760 57 "
                    + "d86338ef71865a6040977486671da72246764d51275f527180458307654e74ff",
            "mlp-adam step 1 "
                    + "8ae53e11cce4e3338f3916939a770fe17792b359799632d7878015b78637cf41 "
                    + "cbce4edbd40cd00cffd2686d25e7245b7777356941e704935fab5607e87b79d6 "
                    + "f58f47c77844609841175fb3da24442cc4a6921e43a712d8bb917ec8a95fdd4e 5760 57 "
                    + "61583013d4c10e1b5ebeebba0df121a176a64c71e343024ad23b6e054827cbae",
            "mlp-adam step 2 "
                    + "f58f47c77844609841175fb3da24442cc4a6921e43a712d8bb917ec8a95fdd4e "
                    + "bb6b78bcb75688a3e52fe7dc28f95d78f65a807f802959461ae197cb36686adf "
                    + "36396cf23587d2cfa4a70f4d191f62f6f5684790c1712419cf2fe32872e225b1 5760 57 "
                    + "f84dd2ac8757ccd0615673417386d04e72b5ced0eaf88505982d6a2ff8ec3395",
            "mlp-adam replay accepted",
            "cnn-sgd step 0 "
                    + "4f93c63311a40f46fc52dc702094fe5ec030778507356b8787eb6b74658fbae2 "
                    + "ca55e62b24a79e6358ffad49494c888e1a31cad1e3ecc1b5c20b95647741b2bb "
                    + "da3647835d26186638259ae820681d0708f5370b6e7633d6ab4dbecde579b8a2 36369 363 "
                    + "16d30ca435b6dbc5ec5a1b8545b16b54ff407077f6acea0d60e0da244119c6fd",
            "cnn-sgd step 1 "
                    + "da3647835d26186638259ae820681d0708f5370b6e7633d6ab4dbecde579b8a2 "
                    + "c8c09ef653b01828aa3aa9761b6de0c701b373f5b62bce3d37fcc894e2dc09c0 "
                    + "744c3b1117e0467fe348b487d549bc1f10da00fbc351515f35b7d0504fc71e3d 36183 361 "
                    + "40554c40ab244b59f2a89e4f1b78d76468e162a2dda8c24943222315960c55cf",
            "cnn-sgd step 2 "
                    + "744c3b1117e0467fe348b487d549bc1f10da00fbc351515f35b7d0504fc71e3d "
                    + "0f2816df3dbc46fe4843451a6a7803e5fa155a2843eacede5a20cd5cd17225d8 "
                    + "4f4846e58daf2bd5d3336b7fa6b267e6835fd6f760eb3fb20e636cac847a2c15 36411 364 "
                    + "058fc7ba3c130762a76c69977712d0a6827cf7a2d28c32f5110fe1e5a18306d6",
            "cnn-sgd replay accepted",
            "bn-sgd step 0 "
                    + "35c96a80c20b431e9618675f50eae3a1811e8ae2d23697634aea36e728bb9d07 "
                    + "ca55e62b24a79e6358ffad49494c888e1a31cad1e3ecc1b5c20b95647741b2bb "
                    + "2a4c79d559ee8ffaa99dd57f4801d2054afa33e4056774d3ae13f5af8c886654 50658 506 "
                    + "40b294ba6588dd36c789f39c66f5edb5184f55754c8ee42353c466e79347f89f",
            "bn-sgd step 1 "
                    + "2a4c79d559ee8ffaa99dd57f4801d2054afa33e4056774d3ae13f5af8c886654 "
                    + "c8c09ef653b01828aa3aa9761b6de0c701b373f5b62bce3d37fcc894e2dc09c0 "
                    + "e14a190f7b9bd15c004fa60aaccd7b6d912bbc9403be2cfc291bc49ec88fd564 50676 506 "
                    + "bbdc1e28bf6d35a7cf6fc7dfc341425825926cdc85c77f5a88fd99e4fef877a9",
            "bn-sgd step 2 "
                    + "e14a190f7b9bd15c004fa60aaccd7b6d912bbc9403be2cfc291bc49ec88fd564 "
                    + "0f2816df3dbc46fe4843451a6a7803e5fa155a2843eacede5a20cd5cd17225d8 "
                    + "ab95511f8dbbf3be42077ed521eb9715d8c2ea394c21d484c7635b91d9d51029 50730 507 "
                    + "c5247cbdb31c6f82336ba1d1c0d9ceb20734be682db8ee2c421d57dec84b9d85",
            "bn-sgd replay accepted");

    private GoldenSteps() {
    }

    /** Replays the golden steps on {@code team} and compares them with the published values. */
    public static GoldenStepVerdict check(ThreadTeam team) {
        return compare(PUBLISHED, replay(team));
    }

    /** The golden steps as this JVM computes them, one line per step and one per case's validator replay. */
    public static List<String> replay(ThreadTeam team) {
        List<String> lines = new ArrayList<>();
        for (GoldenCase golden : GoldenStepCases.all()) {
            TrainingState state = TrainingState.initial(golden.task());
            byte[] lastStart = null;
            MinedStep last = null;
            for (int i = 0; i < STEPS; i++) {
                lastStart = state.encode();
                TipKeyedStep step = TipKeyedStep.take(golden.task(), golden.data(), state, MINER, TIP, TICKETS, team);
                last = step.mined();
                lines.add(golden.name() + " step " + last.step() + " " + last.stateBefore() + " " + last.batchHash()
                        + " " + last.stateAfter() + " " + step.countedMultiplyAdds() + " " + last.tickets() + " "
                        + last.leafHash());
            }
            StepVerdict verdict = new StepReplay(golden.task(), golden.data(), TICKETS, LivenessRule.DEFAULT, team)
                    .check(lastStart, MINER, TIP, last);
            lines.add(golden.name() + " replay " + (verdict.accepted() ? "accepted" : "refused " + verdict.refusal()));
        }
        return lines;
    }

    /** The published golden step lines, one per step and one per case's validator replay. */
    public static List<String> published() {
        return PUBLISHED;
    }

    /** Compares {@code replayed} with {@code published} line by line, naming each difference. */
    public static GoldenStepVerdict compare(List<String> published, List<String> replayed) {
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < Math.max(published.size(), replayed.size()); i++) {
            String expected = i < published.size() ? published.get(i) : "(nothing)";
            String actual = i < replayed.size() ? replayed.get(i) : "(nothing)";
            if (!expected.equals(actual)) {
                differences.add(difference(expected, actual));
            }
        }
        return new GoldenStepVerdict(differences);
    }

    /** Names the case, the step and the field that differ, so an operator can tell a data bug from a JIT bug. */
    private static String difference(String expected, String actual) {
        String[] want = expected.split(" ");
        String[] got = actual.split(" ");
        if (want.length == got.length && want.length == 2 + FIELDS.size() && want[0].equals(got[0])
                && want[1].equals("step")) {
            for (int f = 2; f < want.length; f++) {
                if (!want[f].equals(got[f])) {
                    return want[0] + " step " + want[2] + ": " + FIELDS.get(f - 2) + " is " + got[f] + ", published "
                            + want[f];
                }
            }
        }
        return "expected '" + expected + "', replayed '" + actual + "'";
    }
}
