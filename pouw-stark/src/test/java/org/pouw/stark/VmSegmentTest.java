package org.pouw.stark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.stark.air.hashchain.JobBinding;
import org.pouw.stark.air.vm.VmStatement;
import org.pouw.stark.proof.StarkProof;
import org.pouw.stark.proof.StarkProofCodec;
import org.pouw.vm.ExecutionResult;
import org.pouw.vm.Interpreter;
import org.pouw.vm.Program;
import org.pouw.vm.Samples;
import org.pouw.vm.Trace;
import org.pouw.vm.VmState;

/**
 * Runs proven in segments that chain (issue 22 §2): 31-step segments without a halt, then a final one ending on
 * the halt; {@code VmStark.verifyIntent} accepts the honest chain and refuses segments swapped, missing,
 * duplicated, taken from another intent with equal boundaries, and a chain that does not reach the output.
 */
class VmSegmentTest {
    private static final Program PROGRAM = Samples.program("fibonacci");
    private static final long[] INPUTS = {16};
    private static final ExecutionResult RUN = Interpreter.run(PROGRAM, INPUTS, 10_000);
    private static final int SEGMENT = 31;
    private static final JobBinding OTHER_INTENT = JobBinding.of("ffeeddccbbaa99887766554433221100",
            FixedBinding.PROVER);
    private static final List<byte[]> PROOFS = prove(FixedBinding.BINDING);

    static List<VmStatement> statements(JobBinding binding) {
        Trace trace = RUN.trace();
        List<VmStatement> out = new ArrayList<>();
        for (int first = 0; first < trace.steps(); first += SEGMENT) {
            int steps = Math.min(SEGMENT, trace.steps() - first);
            boolean last = first + steps == trace.steps();
            out.add(new VmStatement(PROGRAM.hash(), first, trace.row(first), steps, last, trace.row(first + steps),
                    binding));
        }
        return out;
    }

    static List<byte[]> prove(JobBinding binding) {
        List<byte[]> proofs = new ArrayList<>();
        for (VmStatement statement : statements(binding)) {
            proofs.add(VmStark.proveSegment(PROGRAM, statement, VmStark.OPTIONS_96, ProverProgress.NONE));
        }
        return proofs;
    }

    static StarkVerdict verify(List<byte[]> proofs) {
        return VmStark.verifyIntent(PROGRAM, INPUTS, RUN.finalState(), RUN.steps(), 10_000, FixedBinding.BINDING,
                proofs);
    }

    @Test
    void anHonestChainOfSegmentsVerifies() {
        assertThat(PROOFS).hasSizeGreaterThanOrEqualTo(3);
        StarkVerdict verdict = verify(PROOFS);
        assertThat(verdict.valid()).as(verdict.toString()).isTrue();
        for (int i = 0; i < PROOFS.size(); i++) {
            assertThat(VmStark.verify(PROOFS.get(i), PROGRAM, statements(FixedBinding.BINDING).get(i)).valid())
                    .isTrue();
        }
    }

    @Test
    void segmentsSwappedAreRefused() {
        List<byte[]> swapped = new ArrayList<>(PROOFS);
        swapped.set(0, PROOFS.get(1));
        swapped.set(1, PROOFS.get(0));
        assertThat(verify(swapped).detail()).contains("segment 0 starts at step " + SEGMENT);
    }

    @Test
    void aMissingSegmentIsRefused() {
        List<byte[]> missing = new ArrayList<>(PROOFS);
        missing.remove(1);
        assertThat(verify(missing).reason()).isEqualTo(StarkVerdict.Reason.STATEMENT_MISMATCH);
        List<byte[]> noFinal = new ArrayList<>(PROOFS.subList(0, PROOFS.size() - 1));
        assertThat(verify(noFinal).detail()).contains("does not end on a halt");
        assertThat(verify(List.of()).valid()).isFalse();
    }

    @Test
    void aDuplicatedSegmentIsRefused() {
        List<byte[]> duplicated = new ArrayList<>(PROOFS);
        duplicated.add(1, PROOFS.get(1));
        assertThat(verify(duplicated).detail()).contains("segment 2 starts at step " + SEGMENT);
    }

    @Test
    void aSegmentFromAnotherIntentWithEqualBoundariesIsRefused() {
        List<byte[]> other = prove(OTHER_INTENT);
        List<byte[]> mixed = new ArrayList<>(PROOFS);
        mixed.set(1, other.get(1));
        StarkVerdict verdict = verify(mixed);
        assertThat(verdict.reason()).isEqualTo(StarkVerdict.Reason.STATEMENT_MISMATCH);
        assertThat(verdict.detail()).contains("segment 1 is bound to");
    }

    @Test
    void aChainThatDoesNotReachTheRecordedOutputOrStepsIsRefused() {
        long[] registers = RUN.finalState().registers();
        registers[1] += 1;
        VmState wrongEnd = new VmState(RUN.finalState().pc(), registers);
        assertThat(VmStark.verifyIntent(PROGRAM, INPUTS, wrongEnd, RUN.steps(), 10_000, FixedBinding.BINDING,
                PROOFS).detail()).contains("ends in");
        assertThat(VmStark.verifyIntent(PROGRAM, INPUTS, RUN.finalState(), RUN.steps(), RUN.steps() - 1,
                FixedBinding.BINDING, PROOFS).valid()).isFalse();
        assertThat(VmStark.verifyIntent(PROGRAM, new long[] {17}, RUN.finalState(), RUN.steps(), 10_000,
                FixedBinding.BINDING, PROOFS).detail()).contains("segment 0 starts in");
    }

    @Test
    void theProverRefusesASegmentThatDoesNotRunAsStated() {
        VmStatement first = statements(FixedBinding.BINDING).getFirst();
        VmStatement claimsHalt = new VmStatement(first.programHash(), 0, first.start(), first.steps(), true,
                first.end(), first.binding());
        assertThatThrownBy(() -> VmStark.proveSegment(PROGRAM, claimsHalt, VmStark.OPTIONS_96, ProverProgress.NONE))
                .hasMessageContaining("does not run as the segment statement says");
        VmStatement thirty = new VmStatement(first.programHash(), 0, first.start(), 30, false,
                RUN.trace().row(30), first.binding());
        assertThatThrownBy(() -> VmStark.proveSegment(PROGRAM, thirty, VmStark.OPTIONS_96, ProverProgress.NONE))
                .hasMessageContaining("2^j - 1 steps");
    }

    /** A proof whose public inputs claim a 30-step segment without a halt: no trace has that shape. */
    @Test
    void aSegmentStatementOfALengthNoTraceHasIsRefusedAsBadPublicInputs() throws Exception {
        VmStatement first = statements(FixedBinding.BINDING).getFirst();
        VmStatement thirty = new VmStatement(first.programHash(), 0, first.start(), 30, false,
                RUN.trace().row(30), first.binding());
        StarkProof p = StarkProofCodec.decode(PROOFS.getFirst());
        byte[] relabelled = StarkProofCodec.encode(new StarkProof(p.airId(), p.options(), p.traceLengthLog2(),
                thirty.encode(), p.mainWidth(), p.auxWidth(), p.compositionColumns(), p.mainRoot(), p.auxRoot(),
                p.compositionRoot(), p.ood(), p.friRoots(), p.remainder(), p.powNonce(), p.mainOpening(),
                p.auxOpening(), p.compositionOpening(), p.friOpenings()));
        StarkVerdict verdict = VmStark.verify(relabelled, PROGRAM, thirty);
        assertThat(verdict.reason()).as(verdict.toString()).isEqualTo(StarkVerdict.Reason.BAD_PUBLIC_INPUTS);
    }
}
