package org.pouw.ml.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;

/**
 * The worker's reply to a challenge (wire message 3): one {@link StepOpening} per challenged step, in the
 * challenge's ascending order, and the final state — the trained model, which the verifier checks against the
 * commitment and evaluates on the held-out set.
 */
public record TrainingOpening(Bytes32 commitmentId, List<StepOpening> steps, byte[] finalState) {
    private static final byte[] TAG = "PMLO\u0001".getBytes(StandardCharsets.ISO_8859_1);
    /** An opening needs at least this many bytes per step (step, two lengths, hashes, proof header, flag). */
    private static final int MIN_STEP_BYTES = 8 + 4 + 32 + 9 + 1;

    public TrainingOpening {
        if (commitmentId == null || finalState == null) {
            throw new IllegalArgumentException("commitment id and final state must be set");
        }
        steps = List.copyOf(steps);
        finalState = finalState.clone();
    }

    @Override
    public byte[] finalState() {
        return finalState.clone();
    }

    public byte[] encode() {
        long size = finalState.length + 64L;
        for (StepOpening step : steps) {
            size += step.stateBeforeView().length + 1200L;
        }
        CanonicalWriter out = new CanonicalWriter((int) Math.min(size, Integer.MAX_VALUE - 16));
        out.raw(TAG).bytes32(commitmentId).i32(steps.size());
        for (StepOpening step : steps) {
            step.encodeTo(out);
        }
        out.bytes(finalState);
        return out.toByteArray();
    }

    public static TrainingOpening decode(byte[] bytes) {
        CanonicalReader in = new CanonicalReader(bytes);
        in.expectTag(TAG, "training opening");
        Bytes32 commitmentId = in.bytes32("commitment id");
        int count = in.count("opened steps", AuditChallenge.MAX_AUDITS, MIN_STEP_BYTES);
        List<StepOpening> steps = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            steps.add(StepOpening.decode(in));
        }
        byte[] finalState = in.bytes("final state", StepOpening.MAX_STATE_BYTES);
        in.requireEnd("training opening");
        return new TrainingOpening(commitmentId, steps, finalState);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TrainingOpening that && Arrays.equals(encode(), that.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return "TrainingOpening[commitment=" + commitmentId + ", steps=" + steps.size() + ", finalState=" + finalState.length + " bytes]";
    }
}
