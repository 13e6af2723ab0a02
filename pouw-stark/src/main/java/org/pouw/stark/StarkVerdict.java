package org.pouw.stark;

import java.util.Optional;
import org.pouw.stark.proof.ProofFormatException;

/**
 * The outcome of verifying a proof: a value, never an exception. {@link #valid()} is true only for
 * {@link Reason#VALID}; every other reason says which check refused the proof, and {@link #detail()} says more for
 * logs (it is not part of any contract).
 *
 * @param reason    why the proof was accepted or refused
 * @param detail    a human-readable note
 * @param statement what a valid proof proves (the AIR's decoded public statement), when known
 */
public record StarkVerdict(Reason reason, String detail, Optional<Object> statement) {
    public enum Reason {
        /** Every check passed. */
        VALID,
        /** The bytes are not a well-formed proof (bad magic, truncated, trailing bytes, non-canonical values…). */
        MALFORMED,
        /** The format or protocol version is not one this verifier reads. */
        UNSUPPORTED_VERSION,
        /** The proof names an AIR this verifier does not know. */
        UNKNOWN_AIR,
        /** The public inputs do not decode into a valid statement for the AIR. */
        BAD_PUBLIC_INPUTS,
        /** The options are out of range or inconsistent with the AIR (e.g. blowup below the constraint blowup). */
        BAD_OPTIONS,
        /** The options' conjectured security is below the verifier's minimum (never less than 96 bits). */
        INSUFFICIENT_SECURITY,
        /** A dimension in the proof (widths, trace length, column or layer counts) differs from what the AIR implies. */
        SHAPE_MISMATCH,
        /** The proof is valid for a different statement than the one the caller expected. */
        STATEMENT_MISMATCH,
        /** The composition polynomial's claimed value at z disagrees with the constraints evaluated at z. */
        OOD_MISMATCH,
        /** The proof-of-work nonce does not meet the grinding requirement. */
        GRINDING_INVALID,
        /** The number of opened rows or cosets differs from the distinct query positions. */
        QUERY_COUNT_MISMATCH,
        /** An opened trace row does not match the trace commitment. */
        TRACE_OPENING_INVALID,
        /** An opened composition row does not match its commitment. */
        COMPOSITION_OPENING_INVALID,
        /** An opened FRI coset does not match its layer commitment. */
        FRI_OPENING_INVALID,
        /** A FRI layer value disagrees with the DEEP composition or the previous layer's fold. */
        FRI_FOLDING_MISMATCH,
        /** The last folded values disagree with the remainder polynomial. */
        FRI_REMAINDER_MISMATCH,
        /** The verifier itself failed; never expected, reported rather than thrown so callers stay safe. */
        INTERNAL_ERROR
    }

    public static StarkVerdict valid(Object statement) {
        return new StarkVerdict(Reason.VALID, "valid", Optional.ofNullable(statement));
    }

    public static StarkVerdict invalid(Reason reason, String detail) {
        if (reason == Reason.VALID) {
            throw new IllegalArgumentException("an invalid verdict needs a failure reason");
        }
        return new StarkVerdict(reason, detail, Optional.empty());
    }

    /** Proof bytes that do not decode: an older format version is named as such, anything else is malformed. */
    public static StarkVerdict undecodable(ProofFormatException e) {
        return invalid(e.unsupportedVersion() ? Reason.UNSUPPORTED_VERSION : Reason.MALFORMED, e.getMessage());
    }

    public boolean valid() {
        return reason == Reason.VALID;
    }

    @Override
    public String toString() {
        return reason + (valid() ? "" : ": " + detail);
    }
}
