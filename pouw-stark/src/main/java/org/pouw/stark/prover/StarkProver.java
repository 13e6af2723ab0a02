package org.pouw.stark.prover;

import java.util.List;
import java.util.stream.IntStream;
import org.pouw.crypto.Goldilocks;
import org.pouw.stark.ProverProgress;
import org.pouw.stark.air.Air;
import org.pouw.stark.air.TraceInfo;
import org.pouw.stark.fiatshamir.ProofOfWork;
import org.pouw.stark.fiatshamir.Transcript;
import org.pouw.stark.field.Ext;
import org.pouw.stark.field.ExtVector;
import org.pouw.stark.field.ExtensionField;
import org.pouw.stark.fri.FriProver;
import org.pouw.stark.merkle.MerkleBatchProof;
import org.pouw.stark.merkle.TableLeaves;
import org.pouw.stark.merkle.TableMerkleTree;
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

    private StarkProver(ProofOptions options, ProverProgress progress, boolean selfChecks) {
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
    public static StarkProof prove(Air air, long[][] trace, ProofOptions options, ProverProgress progress) {
        return new StarkProver(options, progress, true).run(air, trace);
    }

    /**
     * The same protocol with the prover's self-checks off (composition and remainder degrees, constraints at z), so
     * tests can build the proof a cheating prover would send for a trace that violates the AIR and watch the verifier
     * refuse it. Package-private: only the test helper reaches it.
     */
    static StarkProof proveWithoutSelfChecks(Air air, long[][] trace, ProofOptions options) {
        return new StarkProver(options, ProverProgress.NONE, false).run(air, trace);
    }

    private StarkProof run(Air air, long[][] trace) {
        TraceInfo info = air.traceInfo();
        int n = info.length();
        int blowup = options.blowup();
        checkShape(air, trace);
        int domainSize = n * blowup;
        ExtensionField field = ExtensionField.ofDegree(options.extensionDegree());
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
        TableMerkleTree mainTree = TableMerkleTree.build(domainSize, TableLeaves.baseRows(mainLde));
        transcript.absorb(mainTree.root());

        Ext[] auxRandomness = new Ext[0];
        ExtVector[] auxCoefficients = new ExtVector[0];
        ExtVector[] auxLde = new ExtVector[0];
        TableMerkleTree auxTree = null;
        if (info.hasAuxSegment()) {
            progress.phase("auxiliary trace", 0.2);
            auxRandomness = transcript.drawExt(field, info.auxRandomCount());
            ExtVector[] aux = air.buildAuxTrace(trace, auxRandomness);
            if (aux.length != info.auxWidth()) {
                throw new IllegalStateException("aux trace has " + aux.length + " columns, AIR declares " + info.auxWidth());
            }
            auxCoefficients = new ExtVector[aux.length];
            auxLde = new ExtVector[aux.length];
            for (int c = 0; c < aux.length; c++) {
                if (aux[c].field() != field || aux[c].length() != n) {
                    throw new IllegalStateException("aux column " + c + " is not " + n + " elements of " + field);
                }
                long[][] parts = new long[field.degree()][];
                for (int k = 0; k < parts.length; k++) {
                    parts[k] = aux[c].part(k).clone();
                    Ntt.inverse(parts[k], true);
                }
                auxCoefficients[c] = new ExtVector(parts);
                auxLde[c] = LowDegreeExtension.extend(auxCoefficients[c], blowup, Domains.OFFSET);
            }
            auxTree = TableMerkleTree.build(domainSize, TableLeaves.extRows(auxLde));
            transcript.absorb(auxTree.root());
        }

        progress.phase("evaluate constraints", 0.25);
        Ext[] alphas = transcript.drawExt(field, CompositionAtZ.coefficientCount(air, auxRandomness));
        ExtVector composition = CompositionEvaluator.evaluate(air, field, mainLde, auxLde, auxRandomness, alphas, blowup,
                progress, 0.25, 0.55);
        progress.phase("commit composition", 0.55);
        ExtVector[] compositionColumns = splitComposition(composition, air.compositionColumns(), n);
        ExtVector[] compositionLde = new ExtVector[compositionColumns.length];
        for (int k = 0; k < compositionColumns.length; k++) {
            compositionLde[k] = LowDegreeExtension.extend(compositionColumns[k], blowup, Domains.OFFSET);
        }
        TableMerkleTree compositionTree = TableMerkleTree.build(domainSize, TableLeaves.extRows(compositionLde));
        transcript.absorb(compositionTree.root());

        progress.phase("out-of-domain", 0.7);
        long traceGenerator = Goldilocks.rootOfUnity(info.lengthLog2());
        Ext z = OodPoint.draw(transcript, field, n, domainSize);
        OodFrame ood = outOfDomainFrame(mainCoefficients, auxCoefficients, compositionColumns, z,
                z.mul(traceGenerator));
        transcript.absorbExt(ood.flatten());
        if (selfChecks && !CompositionAtZ.fromConstraints(air, ood, z, alphas, auxRandomness)
                .equals(CompositionAtZ.fromColumns(ood, z, n))) {
            throw new IllegalStateException("the constraints do not hold at the out-of-domain point: "
                    + "the trace does not satisfy the AIR");
        }

        progress.phase("DEEP composition", 0.75);
        DeepComposition deep = DeepComposition.draw(transcript, z, traceGenerator, info.width(), info.auxWidth(),
                compositionColumns.length);
        ExtVector deepEvaluations = DeepComposer.evaluate(mainLde, auxLde, compositionLde, ood, deep, domainSize,
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
                ? new ExtRowsOpening(new Ext[0][], new MerkleBatchProof(new int[0]))
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
    private ExtVector[] splitComposition(ExtVector evaluations, int columns, int n) {
        int degree = evaluations.degree();
        IntStream.range(0, degree).parallel()
                .forEach(part -> Ntt.inverseCoset(evaluations.part(part), Domains.OFFSET, true));
        for (int i = columns * n; i < evaluations.length(); i++) {
            if (selfChecks && !evaluations.get(i).isZero()) {
                throw new IllegalStateException("composition polynomial has degree ≥ " + columns * n
                        + ": the trace does not satisfy the AIR's constraints");
            }
        }
        ExtVector[] out = new ExtVector[columns];
        for (int k = 0; k < columns; k++) {
            long[][] parts = new long[degree][];
            for (int part = 0; part < degree; part++) {
                parts[part] = java.util.Arrays.copyOfRange(evaluations.part(part), k * n, (k + 1) * n);
            }
            out[k] = new ExtVector(parts);
        }
        return out;
    }

    private static OodFrame outOfDomainFrame(long[][] main, ExtVector[] aux, ExtVector[] composition, Ext z,
            Ext zNext) {
        Ext[] mainCurrent = new Ext[main.length];
        Ext[] mainNext = new Ext[main.length];
        IntStream.range(0, main.length).parallel().forEach(c -> {
            mainCurrent[c] = Horner.evaluate(main[c], z);
            mainNext[c] = Horner.evaluate(main[c], zNext);
        });
        Ext[] auxCurrent = new Ext[aux.length];
        Ext[] auxNext = new Ext[aux.length];
        for (int c = 0; c < aux.length; c++) {
            auxCurrent[c] = Horner.evaluate(aux[c], z);
            auxNext[c] = Horner.evaluate(aux[c], zNext);
        }
        Ext[] compositionAtZ = new Ext[composition.length];
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

    private static Ext[][] rowsAt(ExtVector[] columns, int[] positions) {
        Ext[][] rows = new Ext[positions.length][columns.length];
        for (int i = 0; i < positions.length; i++) {
            for (int c = 0; c < columns.length; c++) {
                rows[i][c] = columns[c].get(positions[i]);
            }
        }
        return rows;
    }
}
