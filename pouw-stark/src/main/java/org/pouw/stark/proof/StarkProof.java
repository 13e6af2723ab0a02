package org.pouw.stark.proof;

import java.util.List;
import org.pouw.stark.field.Ext;

/**
 * Every component of a STARK proof, as the prover sends it and {@link StarkProofCodec} encodes it. Dimensions are carried
 * explicitly so the decoder needs no AIR; the verifier checks each against what the AIR and options imply.
 *
 * @param airId            which AIR the proof is for
 * @param options          the proof options
 * @param traceLengthLog2  log2 of the trace length n
 * @param publicInputs     the AIR's canonical public-input bytes
 * @param mainWidth        main trace columns
 * @param auxWidth         auxiliary columns (0 when the AIR has none)
 * @param compositionColumns number of composition columns
 * @param mainRoot         Merkle root of the main trace's LDE rows
 * @param auxRoot          Merkle root of the auxiliary LDE rows (empty array when there is no aux segment)
 * @param compositionRoot  Merkle root of the composition columns' LDE rows
 * @param ood              out-of-domain evaluations
 * @param friRoots         Merkle roots of the FRI layers
 * @param remainder        coefficients of the FRI remainder polynomial
 * @param powNonce         the grinding nonce
 * @param mainOpening      main trace rows at the query positions
 * @param auxOpening       auxiliary rows at the query positions (no rows when there is no aux segment)
 * @param compositionOpening composition rows at the query positions
 * @param friOpenings      per FRI layer, the cosets through the folded query positions
 */
public record StarkProof(
        int airId,
        ProofOptions options,
        int traceLengthLog2,
        byte[] publicInputs,
        int mainWidth,
        int auxWidth,
        int compositionColumns,
        byte[] mainRoot,
        byte[] auxRoot,
        byte[] compositionRoot,
        OodFrame ood,
        List<byte[]> friRoots,
        Ext[] remainder,
        long powNonce,
        BaseRowsOpening mainOpening,
        ExtRowsOpening auxOpening,
        ExtRowsOpening compositionOpening,
        List<ExtRowsOpening> friOpenings) {

    public int traceLength() {
        return 1 << traceLengthLog2;
    }
}
