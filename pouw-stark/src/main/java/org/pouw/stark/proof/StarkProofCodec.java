package org.pouw.stark.proof;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pouw.stark.air.TraceInfo;
import org.pouw.stark.field.Ext;
import org.pouw.stark.field.ExtensionField;
import org.pouw.stark.merkle.MerkleBatchProof;

/**
 * The binary proof format, version 1. All integers little-endian; a field element is its canonical u64 (values ≥ p
 * are rejected), an extension element is its d coefficients, lowest first (d = the header's extension degree); a
 * digest is 32 bytes. Layout (see docs/stark.md for the table):
 *
 * <pre>
 *   "POUWSTRK" | u16 version=1 | u8 air id | u8 extension degree (2 or 3)
 *   | u8 log2 blowup | u8 queries | u8 grinding bits | u8 log2 folding | u8 log2 remainder max length
 *   | u8 log2 trace length | u8 main width | u8 aux width | u8 composition columns
 *   | u16 public-input length | public inputs
 *   | main root | [aux root, if aux width &gt; 0] | composition root
 *   | OOD frame: main at z, main at zω, aux at z, aux at zω, composition at z   (extension elements)
 *   | u8 FRI layer count | roots | u16 remainder length | remainder coefficients | u64 PoW nonce
 *   | u16 distinct queries u
 *   | main rows (u × width elements) | Merkle proof
 *   | [aux rows (u × aux width elements) | Merkle proof, if aux width &gt; 0]
 *   | composition rows (u × columns elements) | Merkle proof
 *   | per FRI layer: u16 cosets | cosets (× folding factor elements) | Merkle proof
 * </pre>
 *
 * A Merkle proof is a u32 node count followed by the nodes. Nothing may follow the last layer. The decoder checks
 * only what the bytes alone determine (ranges, canonical values, lengths); the verifier checks every dimension
 * against the AIR.
 */
public final class StarkProofCodec {
    public static final byte[] MAGIC = "POUWSTRK".getBytes(StandardCharsets.US_ASCII);
    public static final int FORMAT_VERSION = 1;
    /** The extension degrees a proof may declare (its challenges live in F_p^degree). */
    public static final int MIN_EXTENSION_DEGREE = 2;
    public static final int MAX_EXTENSION_DEGREE = 3;
    public static final int MAX_PUBLIC_INPUT_LENGTH = 1024;
    public static final int MAX_FRI_LAYERS = 32;
    /** Merkle trees have at most 2^30 leaves, so a proof path never needs more than 30 nodes per opened leaf. */
    private static final int MAX_DEPTH = 30;

    private StarkProofCodec() {
    }

    public static byte[] encode(StarkProof proof) {
        ProofWriter w = new ProofWriter();
        w.bytes(MAGIC);
        w.u16(FORMAT_VERSION);
        w.u8(proof.airId());
        w.u8(proof.options().extensionDegree());
        w.bytes(proof.options().encode());
        w.u8(proof.traceLengthLog2());
        w.u8(proof.mainWidth());
        w.u8(proof.auxWidth());
        w.u8(proof.compositionColumns());
        w.u16(proof.publicInputs().length);
        w.bytes(proof.publicInputs());
        w.bytes(proof.mainRoot());
        if (proof.auxWidth() > 0) {
            w.bytes(proof.auxRoot());
        }
        w.bytes(proof.compositionRoot());
        w.exts(proof.ood().flatten());
        w.u8(proof.friRoots().size());
        proof.friRoots().forEach(w::bytes);
        w.u16(proof.remainder().length);
        w.exts(proof.remainder());
        w.u64(proof.powNonce());
        long[][] mainRows = proof.mainOpening().rows();
        w.u16(mainRows.length);
        for (long[] row : mainRows) {
            for (long value : row) {
                w.u64(value);
            }
        }
        w.merkleProof(proof.mainOpening().proof());
        if (proof.auxWidth() > 0) {
            writeExtOpening(w, proof.auxOpening());
        }
        writeExtOpening(w, proof.compositionOpening());
        for (ExtRowsOpening layer : proof.friOpenings()) {
            w.u16(layer.rows().length);
            writeExtOpening(w, layer);
        }
        return w.toByteArray();
    }

    private static void writeExtOpening(ProofWriter w, ExtRowsOpening opening) {
        for (Ext[] row : opening.rows()) {
            w.exts(row);
        }
        w.merkleProof(opening.proof());
    }

    /** Decodes a proof; throws nothing but {@link ProofFormatException}, whatever the bytes. */
    public static StarkProof decode(byte[] bytes) throws ProofFormatException {
        try {
            return decodeChecked(bytes);
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw new ProofFormatException("inconsistent proof: " + e.getMessage());
        }
    }

    private static StarkProof decodeChecked(byte[] bytes) throws ProofFormatException {
        if (bytes == null) {
            throw new ProofFormatException("no bytes");
        }
        ProofReader r = new ProofReader(bytes);
        if (!Arrays.equals(r.bytes(MAGIC.length, "magic"), MAGIC)) {
            throw new ProofFormatException("not a PoUW STARK proof (bad magic)");
        }
        int version = r.u16("version");
        if (version != FORMAT_VERSION) {
            throw new ProofFormatException("unsupported proof format version " + version, true);
        }
        int airId = r.u8("air id");
        int extension = r.u8("extension degree");
        if (extension < MIN_EXTENSION_DEGREE || extension > MAX_EXTENSION_DEGREE) {
            throw new ProofFormatException("unsupported field extension degree " + extension, true);
        }
        int blowupLog2 = ProofReader.inRange(r.u8("blowup"), 1, 6, "log2 blowup");
        int queries = r.u8("queries");
        int grindingBits = r.u8("grinding bits");
        int foldingLog2 = ProofReader.inRange(r.u8("folding"), 1, 4, "log2 folding factor");
        int remainderLog2 = ProofReader.inRange(r.u8("remainder"), 1, 8, "log2 remainder max length");
        ProofOptions options = new ProofOptions(1 << blowupLog2, queries, grindingBits, 1 << foldingLog2,
                1 << remainderLog2, extension);
        ExtensionField field = ExtensionField.ofDegree(extension);
        int traceLengthLog2 = ProofReader.inRange(r.u8("trace length"),
                Integer.numberOfTrailingZeros(TraceInfo.MIN_LENGTH),
                Integer.numberOfTrailingZeros(TraceInfo.MAX_LENGTH), "log2 trace length");
        int mainWidth = ProofReader.inRange(r.u8("main width"), 1, TraceInfo.MAX_WIDTH, "main width");
        int auxWidth = r.u8("aux width");
        int compositionColumns = ProofReader.inRange(r.u8("composition columns"), 1, 255, "composition columns");
        int publicInputLength = ProofReader.inRange(r.u16("public input length"), 0, MAX_PUBLIC_INPUT_LENGTH,
                "public input length");
        byte[] publicInputs = r.bytes(publicInputLength, "public inputs");
        byte[] mainRoot = r.digest("main root");
        byte[] auxRoot = auxWidth > 0 ? r.digest("aux root") : new byte[0];
        byte[] compositionRoot = r.digest("composition root");
        OodFrame ood = new OodFrame(r.exts(field, mainWidth, "ood main"),
                r.exts(field, mainWidth, "ood main next"), r.exts(field, auxWidth, "ood aux"),
                r.exts(field, auxWidth, "ood aux next"), r.exts(field, compositionColumns, "ood composition"));
        int layerCount = ProofReader.inRange(r.u8("FRI layers"), 0, MAX_FRI_LAYERS, "FRI layer count");
        List<byte[]> friRoots = new ArrayList<>(layerCount);
        for (int i = 0; i < layerCount; i++) {
            friRoots.add(r.digest("FRI root"));
        }
        int remainderLength = ProofReader.inRange(r.u16("remainder length"), 1, ProofOptions.MAX_REMAINDER_LENGTH,
                "remainder length");
        Ext[] remainder = r.exts(field, remainderLength, "remainder");
        long nonce = r.u64("nonce");
        int distinct = ProofReader.inRange(r.u16("query count"), 1, queries, "distinct query count");
        int maxNodes = distinct * MAX_DEPTH;
        BaseRowsOpening mainOpening = new BaseRowsOpening(r.baseRows(distinct, mainWidth, "main rows"),
                r.merkleProof(maxNodes, "main proof"));
        ExtRowsOpening auxOpening = auxWidth > 0
                ? new ExtRowsOpening(r.extRows(field, distinct, auxWidth, "aux rows"), r.merkleProof(maxNodes, "aux proof"))
                : new ExtRowsOpening(new Ext[0][], new MerkleBatchProof(new int[0]));
        ExtRowsOpening compositionOpening = new ExtRowsOpening(
                r.extRows(field, distinct, compositionColumns, "composition rows"),
                r.merkleProof(maxNodes, "composition proof"));
        int folding = 1 << foldingLog2;
        List<ExtRowsOpening> friOpenings = new ArrayList<>(layerCount);
        for (int i = 0; i < layerCount; i++) {
            int cosets = ProofReader.inRange(r.u16("FRI cosets"), 1, distinct, "FRI coset count");
            friOpenings.add(new ExtRowsOpening(r.extRows(field, cosets, folding, "FRI cosets"),
                    r.merkleProof(cosets * MAX_DEPTH, "FRI proof")));
        }
        r.requireEnd();
        return new StarkProof(airId, options, traceLengthLog2, publicInputs, mainWidth, auxWidth, compositionColumns,
                mainRoot, auxRoot, compositionRoot, ood, friRoots, remainder, nonce, mainOpening, auxOpening,
                compositionOpening, friOpenings);
    }
}
