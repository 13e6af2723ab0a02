package org.pouw.stark.verifier;

import java.security.MessageDigest;
import java.util.Optional;
import org.pouw.crypto.Goldilocks;
import org.pouw.stark.StarkVerdict;
import org.pouw.stark.StarkVerdict.Reason;
import org.pouw.stark.air.Air;
import org.pouw.stark.air.TraceInfo;
import org.pouw.stark.fiatshamir.ProofOfWork;
import org.pouw.stark.fiatshamir.Transcript;
import org.pouw.stark.field.Ext;
import org.pouw.stark.field.ExtensionField;
import org.pouw.stark.fri.FriVerifier;
import org.pouw.stark.merkle.MerkleBatchVerifier;
import org.pouw.stark.merkle.TableLeaves;
import org.pouw.stark.proof.ExtRowsOpening;
import org.pouw.stark.proof.OodFrame;
import org.pouw.stark.proof.ProofOptions;
import org.pouw.stark.proof.SecurityEstimate;
import org.pouw.stark.proof.StarkProof;
import org.pouw.stark.protocol.CompositionAtZ;
import org.pouw.stark.protocol.DeepComposition;
import org.pouw.stark.protocol.Domains;
import org.pouw.stark.protocol.FriSchedule;
import org.pouw.stark.protocol.OodPoint;
import org.pouw.stark.protocol.ProtocolTranscript;
import org.pouw.stark.protocol.QueryPositions;

/**
 * Verifies a decoded proof against an AIR. Every dimension is checked against what the AIR and options imply
 * before anything is read at an index; the transcript is replayed in the prover's order; the proof-of-work nonce is
 * checked against the state reached after the FRI remainder and before the queries are drawn; the out-of-domain
 * frame must satisfy the constraints; every opening must match its commitment; and the DEEP values must pass FRI.
 * Options below {@link SecurityEstimate#MINIMUM_BITS} bits are refused whatever the caller asks.
 */
public final class ProofVerifier {
    private ProofVerifier() {
    }

    /**
     * @param minimumBits the caller's minimum conjectured security; values below 96 are raised to 96
     * @param statement   what to report as proven when the proof is valid
     */
    public static StarkVerdict verify(Air air, StarkProof proof, int minimumBits, Object statement) {
        try {
            check(air, proof, Math.max(minimumBits, SecurityEstimate.MINIMUM_BITS));
            return StarkVerdict.valid(statement);
        } catch (Rejected rejected) {
            return StarkVerdict.invalid(rejected.reason, rejected.getMessage());
        }
    }

    private static void check(Air air, StarkProof proof, int minimumBits) throws Rejected {
        TraceInfo info = air.traceInfo();
        ProofOptions options = proof.options();
        // the decoder only builds options of degree 2 or 3, and the security below is computed for that degree
        ExtensionField field = ExtensionField.ofDegree(options.extensionDegree());
        int n = info.length();
        require(proof.airId() == air.airId(), Reason.SHAPE_MISMATCH, "proof is for another AIR");
        require(MessageDigest.isEqual(proof.publicInputs(), air.publicInputs()), Reason.STATEMENT_MISMATCH,
                "public inputs differ from the statement");
        require(proof.traceLength() == n, Reason.SHAPE_MISMATCH, "trace length " + proof.traceLength()
                + " but the statement needs " + n);
        require(options.blowup() >= air.constraintBlowup(), Reason.BAD_OPTIONS, "blowup " + options.blowup()
                + " below the AIR's constraint blowup " + air.constraintBlowup());
        require((long) n * options.blowup() <= 1L << 30, Reason.BAD_OPTIONS, "evaluation domain above 2^30");
        int bits = SecurityEstimate.conjecturedBits(options, n);
        require(bits >= minimumBits, Reason.INSUFFICIENT_SECURITY, "options give " + bits
                + " conjectured bits, below the required " + minimumBits);
        int width = info.width();
        int auxWidth = info.auxWidth();
        int columns = air.compositionColumns();
        require(proof.mainWidth() == width && proof.auxWidth() == auxWidth && proof.compositionColumns() == columns,
                Reason.SHAPE_MISMATCH, "trace or composition widths differ from the AIR's");
        require(proof.auxRoot().length == (auxWidth > 0 ? 32 : 0), Reason.SHAPE_MISMATCH, "aux commitment");
        OodFrame ood = proof.ood();
        require(ood.mainCurrent().length == width && ood.mainNext().length == width
                && ood.auxCurrent().length == auxWidth && ood.auxNext().length == auxWidth
                && ood.composition().length == columns, Reason.SHAPE_MISMATCH, "out-of-domain frame size");
        int domainSize = n * options.blowup();
        FriSchedule schedule = FriSchedule.of(n, options);
        require(proof.friRoots().size() == schedule.layerCount() && proof.friOpenings().size() == schedule.layerCount(),
                Reason.SHAPE_MISMATCH, "expected " + schedule.layerCount() + " FRI layers");
        require(proof.remainder().length == schedule.remainderLength(), Reason.SHAPE_MISMATCH,
                "expected " + schedule.remainderLength() + " remainder coefficients");

        Transcript transcript = ProtocolTranscript.start(air, options);
        transcript.absorb(proof.mainRoot());
        Ext[] auxRandomness = new Ext[0];
        if (auxWidth > 0) {
            auxRandomness = transcript.drawExt(field, info.auxRandomCount());
            transcript.absorb(proof.auxRoot());
        }
        Ext[] alphas = transcript.drawExt(field, CompositionAtZ.coefficientCount(air, auxRandomness));
        transcript.absorb(proof.compositionRoot());
        Ext z = OodPoint.draw(transcript, field, n, domainSize);
        transcript.absorbExt(ood.flatten());
        require(CompositionAtZ.fromConstraints(air, ood, z, alphas, auxRandomness)
                .equals(CompositionAtZ.fromColumns(ood, z, n)), Reason.OOD_MISMATCH,
                "constraints at z disagree with the composition columns");

        long traceGenerator = Goldilocks.rootOfUnity(info.lengthLog2());
        DeepComposition deep = DeepComposition.draw(transcript, z, traceGenerator, width, auxWidth, columns);
        Ext[] betas = new Ext[schedule.layerCount()];
        for (int layer = 0; layer < betas.length; layer++) {
            transcript.absorb(proof.friRoots().get(layer));
            betas[layer] = transcript.drawExt(field);
        }
        transcript.absorbExt(proof.remainder());
        require(ProofOfWork.isValid(transcript.state(), proof.powNonce(), options.grindingBits()),
                Reason.GRINDING_INVALID, "nonce does not meet " + options.grindingBits() + " grinding bits");
        transcript.absorbLongs(new long[] {proof.powNonce()});
        int[] positions = QueryPositions.draw(transcript, options.queries(), domainSize);

        long[][] mainRows = proof.mainOpening().rows();
        Ext[][] auxRows = proof.auxOpening().rows();
        Ext[][] compositionRows = proof.compositionOpening().rows();
        require(mainRows.length == positions.length && compositionRows.length == positions.length
                && auxRows.length == (auxWidth > 0 ? positions.length : 0), Reason.QUERY_COUNT_MISMATCH,
                "expected " + positions.length + " opened rows");
        for (int i = 0; i < positions.length; i++) {
            require(mainRows[i].length == width && compositionRows[i].length == columns
                    && (auxWidth == 0 || auxRows[i].length == auxWidth), Reason.SHAPE_MISMATCH, "opened row width");
            for (long value : mainRows[i]) {
                require(Goldilocks.isCanonical(value), Reason.MALFORMED, "non-canonical trace value");
            }
        }
        int depth = Integer.numberOfTrailingZeros(domainSize);
        require(MerkleBatchVerifier.verify(proof.mainRoot(), depth, positions, TableLeaves.digestBaseRows(mainRows),
                proof.mainOpening().proof()), Reason.TRACE_OPENING_INVALID, "main trace opening");
        if (auxWidth > 0) {
            require(verifyExt(proof.auxRoot(), depth, positions, proof.auxOpening()), Reason.TRACE_OPENING_INVALID,
                    "aux trace opening");
        } else {
            require(proof.auxOpening().proof().nodeCount() == 0, Reason.SHAPE_MISMATCH, "aux proof without aux");
        }
        require(verifyExt(proof.compositionRoot(), depth, positions, proof.compositionOpening()),
                Reason.COMPOSITION_OPENING_INVALID, "composition opening");

        Ext[] deepValues = new Ext[positions.length];
        Ext[] noAux = new Ext[0];
        for (int i = 0; i < positions.length; i++) {
            long x = Domains.point(domainSize, positions[i]);
            deepValues[i] = deep.evaluate(x, mainRows[i], auxWidth > 0 ? auxRows[i] : noAux, compositionRows[i], ood);
        }
        Optional<Reason> fri = FriVerifier.verify(schedule, proof.friRoots(), betas, proof.remainder(), positions,
                deepValues, proof.friOpenings());
        if (fri.isPresent()) {
            throw new Rejected(fri.get(), "FRI: " + fri.get());
        }
    }

    private static boolean verifyExt(byte[] root, int depth, int[] positions, ExtRowsOpening opening) {
        return MerkleBatchVerifier.verify(root, depth, positions, TableLeaves.digestExtRows(opening.rows()),
                opening.proof());
    }

    private static void require(boolean condition, Reason reason, String detail) throws Rejected {
        if (!condition) {
            throw new Rejected(reason, detail);
        }
    }

    /** Unwinds the checks to {@link #verify}, which turns it into a verdict; it never leaves this class. */
    private static final class Rejected extends Exception {
        private final Reason reason;

        Rejected(Reason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }
}
