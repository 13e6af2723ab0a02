package org.pouw.cli.stark;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import org.pouw.cli.ExitCodes;
import org.pouw.cli.Terminal;
import org.pouw.stark.HashChainStark;
import org.pouw.stark.air.hashchain.HashChainStatement;
import org.pouw.stark.air.hashchain.JobBinding;
import org.pouw.stark.proof.ProofOptions;
import org.pouw.stark.proof.SecurityEstimate;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pouw prove hash-chain}: computes y = H^steps(seed), H = Rescue-Prime Rp64_256, proves it and writes the
 * proof, which carries the statement (seed, steps, output, job id, prover hash) so {@code pouw verify} needs nothing
 * else. A proof is bound to one job and one prover (docs/stark.md, "Threat model"): {@code --job-id} and
 * {@code --prover} name them, and a node pays it only for that job, leased by that DID.
 */
@Command(name = "hash-chain", mixinStandardHelpOptions = true,
        description = "Compute y = H^N(seed) with the Rescue-Prime hash and prove it with a STARK.",
        footer = "%nProgress: a bar on a terminal, a line per phase otherwise, JSON lines with --json. "
                + "The proof uses all cores.")
final class HashChainProveCommand implements Callable<Integer> {
    @Option(names = "--steps", paramLabel = "N", required = true,
            description = "number of hashes, 1 to " + HashChainStatement.MAX_STEPS)
    long steps;

    @ArgGroup(exclusive = true, multiplicity = "1")
    SeedOptions seed;

    @Option(names = "--job-id", paramLabel = "HEX", required = true,
            description = "the job the proof is for: its 32 hex digits (a node accepts the proof for that job only)")
    String jobId;

    @Option(names = "--prover", paramLabel = "DID", required = true,
            description = "the did:key that will submit the proof (the DID holding the job's lease)")
    String prover;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "where to write the proof")
    Path out;

    @Option(names = "--security", paramLabel = "BITS", defaultValue = "96",
            description = "96 or 128: the options' query budget (default ${DEFAULT-VALUE})")
    int security;

    @Option(names = "--json", description = "print JSON lines (start, progress events, then the result)")
    boolean json;

    /** The one clock this command reads; the progress displays take it as a port so their tests can move it. */
    private final LongSupplier nanoTime = System::nanoTime;

    @Override
    public Integer call() {
        PrintStream stdout = System.out;
        // Check everything before minutes of proving; each message names the option to fix.
        if (steps < 1 || steps > HashChainStatement.MAX_STEPS) {
            throw new IllegalArgumentException("--steps must be in [1, " + HashChainStatement.MAX_STEPS + "], got "
                    + steps);
        }
        ProofOptions options = switch (security) {
            case 96 -> HashChainStark.OPTIONS_96;
            case 128 -> HashChainStark.OPTIONS_128;
            default -> throw new IllegalArgumentException("--security must be 96 or 128, got " + security);
        };
        long[] seedElements = seed.seed();
        JobBinding binding = binding();
        ProofFile.checkWritable(out, "--out");
        int traceLength = HashChainStark.traceLength(steps);
        int bits = SecurityEstimate.conjecturedBits(options, traceLength);
        printStart(stdout, traceLength, options, bits);

        ProveProgress progress = !json && Terminal.isInteractive()
                ? new TerminalProgress(stdout, Terminal.columns(), nanoTime)
                : new ProvingProgressLines(stdout, json, nanoTime);
        long start = nanoTime.getAsLong();
        byte[] proof;
        try (RedrawTicker ticker = RedrawTicker.start(progress)) {
            proof = HashChainStark.prove(binding, seedElements, steps, options, progress);
        } catch (OutOfMemoryError e) {
            // The trace and its extension are held in memory (about 2.75 GiB for 2^17 hashes); say what to change.
            stdout.println();
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "--steps %d needs more memory than this JVM's %,d MiB heap; prove fewer steps or raise -Xmx",
                    steps, Runtime.getRuntime().maxMemory() >> 20));
        }
        long proveNanos = nanoTime.getAsLong() - start;
        progress.finish();
        ProofFile.write(out, proof, "--out");
        // The proof names its statement; read it back rather than recompute the chain.
        HashChainStatement statement = ProvenStatement.of(proof);
        printResult(stdout, statement, proof.length, bits, proveNanos);
        return ExitCodes.OK;
    }

    private JobBinding binding() {
        if (!jobId.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("--job-id must be 32 lower-case hex digits, got '" + jobId + "'");
        }
        if (!prover.startsWith("did:key:z")) {
            throw new IllegalArgumentException("--prover must be a did:key (did:key:z…), got '" + prover + "'");
        }
        return JobBinding.of(jobId, prover);
    }

    private void printStart(PrintStream stdout, int traceLength, ProofOptions options, int bits) {
        if (json) {
            stdout.println(StarkJson.write(StarkJson.object().put("event", "start").put("computation", "hash-chain")
                    .put("steps", steps).put("seed", DigestHex.format(seed.seed())).put("trace_length", traceLength)
                    .put("blowup", options.blowup()).put("queries", options.queries())
                    .put("grinding_bits", options.grindingBits()).put("security_bits", bits)));
            return;
        }
        stdout.printf(Locale.ROOT, "proving H^%d(seed %s): %,d trace rows, blowup %d, %d queries, %d-bit security%n",
                steps, seed.describe(), traceLength, options.blowup(), options.queries(), bits);
    }

    private void printResult(PrintStream stdout, HashChainStatement statement, int proofBytes, int bits,
                             long proveNanos) {
        if (json) {
            stdout.println(StarkJson.write(StarkJson.object().put("event", "result").put("steps", statement.steps())
                    .put("seed", DigestHex.format(statement.seed())).put("output", DigestHex.format(statement.output()))
                    .put("job_id", jobId).put("prover", prover).put("proof_bytes", proofBytes)
                    .put("security_bits", bits).put("prove_ms", StarkJson.millis(proveNanos)).put("file", out.toString())));
            return;
        }
        stdout.printf(Locale.ROOT, "steps    %d%n", statement.steps());
        stdout.printf(Locale.ROOT, "seed     %s%n", DigestHex.format(statement.seed()));
        stdout.printf(Locale.ROOT, "output   %s%n", DigestHex.format(statement.output()));
        stdout.printf(Locale.ROOT, "job      %s%n", jobId);
        stdout.printf(Locale.ROOT, "prover   %s%n", prover);
        stdout.printf(Locale.ROOT, "proof    %,d bytes (%.1f KB), %d-bit conjectured security%n", proofBytes,
                proofBytes / 1024.0, bits);
        stdout.printf(Locale.ROOT, "time     %.2f s%n", proveNanos / 1e9);
        stdout.printf(Locale.ROOT, "written  %s%n", out);
    }
}
