package org.pouw.stark.prover;

import java.util.List;
import java.util.stream.IntStream;
import org.pouw.stark.ProgressListener;
import org.pouw.stark.air.Air;
import org.pouw.stark.air.TraceInfo;
import org.pouw.stark.field.Fp2;
import org.pouw.stark.field.Fp2Vector;
import org.pouw.stark.field.Goldilocks;
import org.pouw.stark.fiatshamir.ProofOfWork;
import org.pouw.stark.fiatshamir.Transcript;
import org.pouw.stark.fri.FriProver;
import org.pouw.stark.merkle.MerkleBatchProof;
import org.pouw.stark.merkle.MerkleTree;
import org.pouw.stark.merkle.TableLeaves;
import org.pouw.stark.poly.Horner;
import org.pouw.stark.poly.LowDegreeExtension;
import org.pouw.stark.poly.Ntt;
import org.pouw.stark.proof.BaseRowsOpening;
import org.pouw.stark.proof.ExtRowsOpening;
import org.pouw.stark.proof.OodFrame;
import org.pouw.stark.proof.ProofOptions;
import org.pouw.stark.proof.StarkProof;
import org.pouw.stark.protocol.CompositionAtZ;
import org.pouw.stark.protocol.DeepComposition;
import org.pouw.stark.protocol.Domains;
import org.pouw.stark.protocol.FriSchedule;
import org.pouw.stark.protocol.OodPoint;
import org.pouw.stark.protocol.ProtocolTranscript;
import org.pouw.stark.protocol.QueryPositions;

/**
 * The STARK prover. In transcript order:
 * <ol>
 *   <li>interpolate the main trace, extend it to the coset g·⟨ω_N⟩ (N = n·b) and commit its rows;</li>
 *   <li>if the AIR has one, draw the aux randomness, build, extend and commit the auxiliary segment;</li>
 *   <li>draw the composition coefficients, evaluate the composition polynomial on the constraint-evaluation domain,
 *       interpolate it, split it into k columns of degree &lt; n (H = Σ x^{kn}·H_k), extend and commit them;</li>
 *   <li>draw z outside both domains, send every column's value at z (and trace columns at zω);</li>
 *   <li>draw the DEEP coefficients, evaluate the DEEP composition and run FRI's commit phase;</li>
 *   <li>grind the proof-of-work nonce, then draw the query positions and open every commitment there.</li>
 * </ol>
 */
public final class StarkProver {
    private final ProofOptions options;
    private final ProgressTracker progress;
    private final boolean selfChecks;

    private StarkProver(ProofOptions options, ProgressListener progress, boolean selfChecks) {
        this.options = options;
        this.progress = new ProgressTracker(progress);
        this.selfChecks = selfChecks;
    }

    /**
     * Proves that {@code trace} (main columns, each of the AIR's trace length) satisfies the AIR.
     *
     * <p>The trace is consumed to save memory: unless the AIR has an auxiliary segment (whose builder needs the
     * values), its columns are overwritten in place with their interpolating polynomials' coefficients.
     *
     * @throws IllegalArgumentException when the trace shape or the options do not fit the AIR
     * @throws IllegalStateException    when the trace does not satisfy the AIR (caught by the prover's own checks:
     *                                  the composition and FRI remainder degrees, and the constraints at z)
     */
    public static StarkProof prove(Air air, long[][] trace, ProofOptions options, ProgressListener progress) {
        return new StarkProver(options, progress, true).run(air, trace);
    }

    /**
     * The same protocol with the prover's self-checks off (composition and remainder degrees, constraints at z), so
     * tests can build the proof a cheating prover would send for a trace that violates the AIR and watch the verifier
     * refuse it. Package-private: only the test helper reaches it.
     */
    static StarkProof proveWithoutSelfChecks(Air air, long[][] trace, ProofOptions options) {
        return new StarkProver(options, ProgressListener.NONE, false).run(air, trace);
    }

    private StarkProof run(Air air, long[][] trace) {
        TraceInfo info = air.traceInfo();
        int n = info.length();
        int blowup = options.blowup();
        checkShape(air, trace);
        int domainSize = n * blowup;
        Transcript transcript = ProtocolTranscript.start(air, options);

        progress.phase("extend trace", 0.0);
        long[][] mainCoefficients = trace;
        if (info.hasAuxSegment()) {
            mainCoefficients = new long[trace.length][];
            for (int c = 0; c < trace.length; c++) {
                mainCoefficients[c] = trace[c].clone();
            }
        }
        long[][] mainLde = LowDegreeExtension.interpolateAndExtend(mainCoefficients, blowup, Domains.OFFSET);
        progress.phase("commit trace", 0.15);
        MerkleTree mainTree = MerkleTree.build(domainSize, TableLeaves.baseRows(mainLde));
        transcript.absorb(mainTree.root());

        Fp2[] auxRandomness = new Fp2[0];
        Fp2Vector[] auxCoefficients = new Fp2Vector[0];
        Fp2Vector[] auxLde = new Fp2Vector[0];
        MerkleTree auxTree = null;
        if (info.hasAuxSegment()) {
            progress.phase("auxiliary trace", 0.2);
            auxRandomness = transcript.drawExt(info.auxRandomCount());
            Fp2Vector[] aux = air.buildAuxTrace(trace, auxRandomness);
            if (aux.length != info.auxWidth()) {
                throw new IllegalStateException("aux trace has " + aux.length + " columns, AIR declares " + info.auxWidth());
            }
            auxCoefficients = new Fp2Vector[aux.length];
            auxLde = new Fp2Vector[aux.length];
            for (int c = 0; c < aux.length; c++) {
                long[] c0 = aux[c].c0().clone();
                long[] c1 = aux[c].c1().clone();
                Ntt.inverse(c0, true);
                Ntt.inverse(c1, true);
                auxCoefficients[c] = new Fp2Vector(c0, c1);
                auxLde[c] = LowDegreeExtension.extend(auxCoefficients[c], blowup, Domains.OFFSET);
            }
            auxTree = MerkleTree.build(domainSize, TableLeaves.extRows(auxLde));
            transcript.absorb(auxTree.root());
        }

        progress.phase("evaluate constraints", 0.25);
        Fp2[] alphas = transcript.drawExt(CompositionAtZ.coefficientCount(air, auxRandomness));
        Fp2Vector composition = CompositionEvaluator.evaluate(air, mainLde, auxLde, auxRandomness, alphas, blowup,
                progress, 0.25, 0.55);
        progress.phase("commit composition", 0.55);
        Fp2Vector[] compositionColumns = splitComposition(composition, air.compositionColumns(), n);
        Fp2Vector[] compositionLde = new Fp2Vector[compositionColumns.length];
        for (int k = 0; k < compositionColumns.length; k++) {
            compositionLde[k] = LowDegreeExtension.extend(compositionColumns[k], blowup, Domains.OFFSET);
        }
        MerkleTree compositionTree = MerkleTree.build(domainSize, TableLeaves.extRows(compositionLde));
        transcript.absorb(compositionTree.root());

        progress.phase("out-of-domain", 0.7);
        long traceGenerator = Goldilocks.rootOfUnity(info.lengthLog2());
        Fp2 z = OodPoint.draw(transcript, n, domainSize);
        OodFrame ood = outOfDomainFrame(mainCoefficients, auxCoefficients, compositionColumns, z,
                z.mul(traceGenerator));
        transcript.absorbFp2(ood.flatten());
        if (selfChecks && !CompositionAtZ.fromConstraints(air, ood, z, alphas, auxRandomness)
                .equals(CompositionAtZ.fromColumns(ood, z, n))) {
            throw new IllegalStateException("the constraints do not hold at the out-of-domain point: "
                    + "the trace does not satisfy the AIR");
        }

        progress.phase("DEEP composition", 0.75);
        DeepComposition deep = DeepComposition.draw(transcript, z, traceGenerator, info.width(), info.auxWidth(),
                compositionColumns.length);
        Fp2Vector deepEvaluations = DeepComposer.evaluate(mainLde, auxLde, compositionLde, ood, deep, domainSize,
                progress.chunks("DEEP composition", 0.75, 0.8, DeepComposer.chunkCount(domainSize)));

        progress.phase("FRI", 0.8);
        FriSchedule schedule = FriSchedule.of(n, options);
        FriProver fri = new FriProver(schedule);
        fri.commit(deepEvaluations, transcript, selfChecks);

        progress.phase("grinding", 0.9);
        long nonce = ProofOfWork.solve(transcript.state(), options.grindingBits());
        transcript.absorbLongs(new long[] {nonce});

        progress.phase("queries", 0.95);
        int[] positions = QueryPositions.draw(transcript, options.queries(), domainSize);
        BaseRowsOpening mainOpening = new BaseRowsOpening(rowsAt(mainLde, positions), mainTree.open(positions));
        ExtRowsOpening auxOpening = auxTree == null
                ? new ExtRowsOpening(new Fp2[0][], new MerkleBatchProof(new int[0]))
                : new ExtRowsOpening(rowsAt(auxLde, positions), auxTree.open(positions));
        ExtRowsOpening compositionOpening = new ExtRowsOpening(rowsAt(compositionLde, positions),
                compositionTree.open(positions));
        List<ExtRowsOpening> friOpenings = fri.open(positions);
        progress.phase("done", 1.0);

        return new StarkProof(air.airId(), options, info.lengthLog2(), air.publicInputs(), info.width(),
                info.auxWidth(), compositionColumns.length, mainTree.root(),
                auxTree == null ? new byte[0] : auxTree.root(), compositionTree.root(), ood, fri.roots(),
                fri.remainder(), nonce, mainOpening, auxOpening, compositionOpening, friOpenings);
    }

    private void checkShape(Air air, long[][] trace) {
        TraceInfo info = air.traceInfo();
        if (trace.length != info.width()) {
            throw new IllegalArgumentException("trace has " + trace.length + " columns, AIR declares " + info.width());
        }
        for (long[] column : trace) {
            if (column.length != info.length()) {
                throw new IllegalArgumentException("trace column has " + column.length + " rows, AIR declares "
                        + info.length());
            }
            for (long value : column) {
                if (!Goldilocks.isCanonical(value)) {
                    throw new IllegalArgumentException("trace holds a non-canonical field element");
                }
            }
        }
        if (options.blowup() < air.constraintBlowup()) {
            throw new IllegalArgumentException("blowup " + options.blowup() + " is below the AIR's constraint blowup "
                    + air.constraintBlowup());
        }
        if ((long) info.length() * options.blowup() > 1L << 30) {
            throw new IllegalArgumentException("trace length × blowup exceeds 2^30");
        }
    }

    /**
     * Interpolates H from its evaluations on the constraint-evaluation domain and cuts its coefficients into k
     * chunks of n: H(x) = Σ_k x^{k·n}·H_k(x). Coefficients beyond k·n must vanish; if they do not, the trace does not
     * satisfy the constraints.
     */
    private Fp2Vector[] splitComposition(Fp2Vector evaluations, int columns, int n) {
        long[] c0 = evaluations.c0();
        long[] c1 = evaluations.c1();
        IntStream.range(0, 2).parallel().forEach(part -> Ntt.inverseCoset(part == 0 ? c0 : c1, Domains.OFFSET, true));
        for (int i = columns * n; i < c0.length; i++) {
            if (selfChecks && (c0[i] != 0 || c1[i] != 0)) {
                throw new IllegalStateException("composition polynomial has degree ≥ " + columns * n
                        + ": the trace does not satisfy the AIR's constraints");
            }
        }
        Fp2Vector[] out = new Fp2Vector[columns];
        for (int k = 0; k < columns; k++) {
            out[k] = new Fp2Vector(java.util.Arrays.copyOfRange(c0, k * n, (k + 1) * n),
                    java.util.Arrays.copyOfRange(c1, k * n, (k + 1) * n));
        }
        return out;
    }

    private static OodFrame outOfDomainFrame(long[][] main, Fp2Vector[] aux, Fp2Vector[] composition, Fp2 z,
            Fp2 zNext) {
        Fp2[] mainCurrent = new Fp2[main.length];
        Fp2[] mainNext = new Fp2[main.length];
        IntStream.range(0, main.length).parallel().forEach(c -> {
            mainCurrent[c] = Horner.evaluate(main[c], z);
            mainNext[c] = Horner.evaluate(main[c], zNext);
        });
        Fp2[] auxCurrent = new Fp2[aux.length];
        Fp2[] auxNext = new Fp2[aux.length];
        for (int c = 0; c < aux.length; c++) {
            auxCurrent[c] = Horner.evaluate(aux[c], z);
            auxNext[c] = Horner.evaluate(aux[c], zNext);
        }
        Fp2[] compositionAtZ = new Fp2[composition.length];
        IntStream.range(0, composition.length).parallel()
                .forEach(k -> compositionAtZ[k] = Horner.evaluate(composition[k], z));
        return new OodFrame(mainCurrent, mainNext, auxCurrent, auxNext, compositionAtZ);
    }

    private static long[][] rowsAt(long[][] columns, int[] positions) {
        long[][] rows = new long[positions.length][columns.length];
        for (int i = 0; i < positions.length; i++) {
            for (int c = 0; c < columns.length; c++) {
                rows[i][c] = columns[c][positions[i]];
            }
        }
        return rows;
    }

    private static Fp2[][] rowsAt(Fp2Vector[] columns, int[] positions) {
        Fp2[][] rows = new Fp2[positions.length][columns.length];
        for (int i = 0; i < positions.length; i++) {
            for (int c = 0; c < columns.length; c++) {
                rows[i][c] = columns[c].get(positions[i]);
            }
        }
        return rows;
    }
}
