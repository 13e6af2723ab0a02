package org.pouw.cli.stark;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pouw.cli.ExitCodes;
import org.pouw.crypto.Hex;
import org.pouw.stark.StarkVerdict;
import org.pouw.stark.StarkVerifier;
import org.pouw.stark.VmBatchStark;
import org.pouw.stark.VmStark;
import org.pouw.stark.air.hashchain.HashChainStatement;
import org.pouw.stark.air.vm.VmAir;
import org.pouw.stark.air.vm.VmBatchAir;
import org.pouw.stark.air.vm.VmBatchStatement;
import org.pouw.stark.air.vm.VmStatement;
import org.pouw.stark.proof.ProofFormatException;
import org.pouw.stark.proof.StarkProofCodec;
import org.pouw.vm.Program;
import org.pouw.vm.VmState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pouw verify proof.bin [--program FILE]… [--batch FILE]}: checks a STARK proof file with no node, since the
 * proof carries its statement (a batch proof: its digest, which the batch file's list must match), and prints what it
 * proves. A VM proof (a program run, from a {@code vm-stark} job) also needs the
 * program, which is checked to hash to the program hash the proof names: the program is never taken from the proof.
 * Exit 0 when valid, 5 when not, 2 when a file cannot be read (or a VM proof comes without {@code --program}).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check a STARK proof file (from 'pouw prove' or a vm-stark job) and print what it proves; "
                + "needs no node.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the proof is valid", "2:the file cannot be read", "5:the proof is invalid"})
public final class VerifyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PROOF", description = "the proof file")
    Path file;

    @Option(names = "--program", paramLabel = "FILE", description = "for a VM proof: the program, encoded (the "
            + "node's program blob) or as assembly source named *.pasm; it must hash to the program the proof names. "
            + "For a batch proof: repeat it, once per distinct program of the batch, in any order")
    List<Path> programs = List.of();

    @Option(names = "--batch", paramLabel = "FILE", description = "for a batch proof (a vm-batch job's): the job's "
            + "params as JSON ({\"members\": [...]}, as GET /v1/pouw/jobs/{id} shows them), the intent list it proves")
    Path batch;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        PrintStream stdout = System.out;
        long size = ProofFile.size(file);
        long start = System.nanoTime();
        StarkVerdict verdict;
        byte[] proof = null;
        if (size > ProofFile.MAX_BYTES) {
            verdict = StarkVerdict.invalid(StarkVerdict.Reason.MALFORMED, "the file is " + size + " bytes; no proof is over "
                    + ProofFile.MAX_BYTES);
        } else {
            proof = ProofFile.read(file);
            int air = airOf(proof);
            if (air == VmBatchAir.AIR_ID || batch != null) {
                BatchFile.Loaded loaded = BatchFile.read(batch, programs, file);
                start = System.nanoTime();
                verdict = VmBatchStark.verifyClaimed(proof, loaded.programs(), loaded.intents());
            } else {
                if (air == VmAir.AIR_ID && programs.size() != 1) {
                    throw new ProofFile.UnusableFile("--program is required once: " + file + " is a VM proof, and "
                            + "it is checked against the program its hash names (the program is never read from "
                            + "the proof)");
                }
                Program checkedAgainst = programs.isEmpty() ? null : ProgramFile.read(programs.getFirst());
                start = System.nanoTime();
                verdict = checkedAgainst == null ? StarkVerifier.verify(proof)
                        : VmStark.verifyClaimed(proof, checkedAgainst);
            }
        }
        long verifyNanos = System.nanoTime() - start;
        if (!verdict.valid()) {
            printInvalid(stdout, verdict);
            return ExitCodes.CHECK_FAILED;
        }
        printValid(stdout, verdict.statement().orElse(null), ProvenStatement.securityBits(proof), verifyNanos);
        return ExitCodes.OK;
    }

    private void printValid(PrintStream stdout, Object statement, int bits, long verifyNanos) {
        ObjectNode data = StarkJson.object().put("valid", true).put("file", file.toString());
        StringBuilder human = new StringBuilder("VALID    ").append(file).append('\n');
        if (statement instanceof HashChainStatement chain) {
            data.put("computation", "hash-chain").put("seed", DigestHex.format(chain.seed()))
                    .put("steps", chain.steps()).put("output", DigestHex.format(chain.output()))
                    .put("job_id", Hex.encode(chain.binding().jobId()))
                    .put("prover_hash", Hex.encode(chain.binding().proverHash()));
            human.append(String.format(Locale.ROOT, "proves   H^%d(seed) = output, H = Rescue-Prime Rp64_256%n",
                    chain.steps()))
                    .append("seed     ").append(DigestHex.format(chain.seed())).append('\n')
                    .append("steps    ").append(chain.steps()).append('\n')
                    .append("output   ").append(DigestHex.format(chain.output())).append('\n')
                    .append("job      ").append(Hex.encode(chain.binding().jobId())).append('\n')
                    .append("prover   BLAKE3 ").append(Hex.encode(chain.binding().proverHash())).append('\n');
        } else if (statement instanceof VmStatement run) {
            describeRun(run, data, human);
        } else if (statement instanceof VmBatchStatement list) {
            data.put("computation", "vm-batch").put("intents", list.intents().size())
                    .put("digest", Hex.encode(list.digest()))
                    .put("job_id", Hex.encode(list.binding().jobId()))
                    .put("prover_hash", Hex.encode(list.binding().proverHash()));
            human.append(String.format(Locale.ROOT, "proves   each of the %d intents of the batch file runs its "
                    + "program from its inputs to its first halt after its steps, in its end state%n",
                    list.intents().size()))
                    .append("digest   BLAKE3 ").append(Hex.encode(list.digest())).append('\n')
                    .append("job      ").append(Hex.encode(list.binding().jobId())).append('\n')
                    .append("prover   BLAKE3 ").append(Hex.encode(list.binding().proverHash())).append('\n');
        } else {
            // Another AIR the library knows (the Fibonacci smoke test): its own description is all we have.
            data.put("statement", String.valueOf(statement));
            human.append("proves   ").append(statement).append('\n');
        }
        data.put("security_bits", bits).put("verify_ms", StarkJson.millis(verifyNanos));
        human.append(String.format(Locale.ROOT, "security %d bits (conjectured)%n", bits))
                .append(String.format(Locale.ROOT, "time     %.1f ms", verifyNanos / 1e6));
        stdout.println(json ? StarkJson.write(data) : human);
    }

    /** The AIR the proof's header names; -1 when it does not decode (left to the verifier to refuse). */
    private static int airOf(byte[] proof) {
        try {
            return StarkProofCodec.decode(proof).airId();
        } catch (ProofFormatException e) {
            return -1;
        }
    }

    private static void describeRun(VmStatement run, ObjectNode data, StringBuilder human) {
        data.put("computation", "vm").put("program_hash", Hex.encode(run.programHash()))
                .put("first_step", run.firstStep()).put("start", state(run.start())).put("steps", run.steps())
                .put("halts", run.halts()).put("end", state(run.end()))
                .put("job_id", Hex.encode(run.binding().jobId()))
                .put("prover_hash", Hex.encode(run.binding().proverHash()));
        human.append(run.halts()
                        ? String.format(Locale.ROOT, "proves   the program runs %d steps from start and halts in end%n",
                                run.steps())
                        : String.format(Locale.ROOT, "proves   the program runs %d steps from start to end, no halt%n",
                                run.steps()))
                .append("program  BLAKE3 ").append(Hex.encode(run.programHash())).append('\n')
                .append("first    step ").append(run.firstStep()).append('\n')
                .append("start    ").append(state(run.start())).append('\n')
                .append("steps    ").append(run.steps()).append('\n')
                .append("end      ").append(state(run.end())).append('\n')
                .append("job      ").append(Hex.encode(run.binding().jobId())).append('\n')
                .append("prover   BLAKE3 ").append(Hex.encode(run.binding().proverHash())).append('\n');
    }

    /** pc and the eight registers as unsigned decimals, the API's spelling of field elements. */
    private static String state(VmState state) {
        StringBuilder out = new StringBuilder("pc=").append(state.pc());
        long[] registers = state.registers();
        for (int i = 0; i < registers.length; i++) {
            out.append(" r").append(i).append('=').append(Long.toUnsignedString(registers[i]));
        }
        return out.toString();
    }

    private void printInvalid(PrintStream stdout, StarkVerdict verdict) {
        if (json) {
            stdout.println(StarkJson.write(StarkJson.object().put("valid", false).put("file", file.toString())
                    .put("reason", verdict.reason().name()).put("detail", verdict.detail())));
            return;
        }
        stdout.println("INVALID  " + file);
        stdout.println("reason   " + verdict.reason());
        stdout.println("detail   " + verdict.detail());
    }
}
