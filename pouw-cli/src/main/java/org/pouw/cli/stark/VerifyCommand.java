package org.pouw.cli.stark;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pouw.cli.ExitCodes;
import org.pouw.crypto.Hex;
import org.pouw.stark.StarkVerdict;
import org.pouw.stark.StarkVerifier;
import org.pouw.stark.air.hashchain.HashChainStatement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pouw verify proof.bin}: checks a STARK proof file with no node and no other input, since the proof carries
 * its statement, and prints what it proves. Exit 0 when valid, 5 when not, 2 when the file cannot be read.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check a STARK proof file (from 'pouw prove') and print what it proves; needs no node.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the proof is valid", "2:the file cannot be read", "5:the proof is invalid"})
public final class VerifyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PROOF", description = "the proof file")
    Path file;

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
            start = System.nanoTime();
            verdict = StarkVerifier.verify(proof);
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
                    .put("jobId", Hex.encode(chain.binding().jobId()))
                    .put("proverHash", Hex.encode(chain.binding().proverHash()));
            human.append(String.format(Locale.ROOT, "proves   H^%d(seed) = output, H = Rescue-Prime Rp64_256%n",
                    chain.steps()))
                    .append("seed     ").append(DigestHex.format(chain.seed())).append('\n')
                    .append("steps    ").append(chain.steps()).append('\n')
                    .append("output   ").append(DigestHex.format(chain.output())).append('\n')
                    .append("job      ").append(Hex.encode(chain.binding().jobId())).append('\n')
                    .append("prover   BLAKE3 ").append(Hex.encode(chain.binding().proverHash())).append('\n');
        } else {
            // Another AIR the library knows (the Fibonacci smoke test): its own description is all we have.
            data.put("statement", String.valueOf(statement));
            human.append("proves   ").append(statement).append('\n');
        }
        data.put("securityBits", bits).put("verifyMillis", Math.round(verifyNanos / 1e4) / 1e2);
        human.append(String.format(Locale.ROOT, "security %d bits (conjectured)%n", bits))
                .append(String.format(Locale.ROOT, "time     %.1f ms", verifyNanos / 1e6));
        stdout.println(json ? StarkJson.write(data) : human);
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
