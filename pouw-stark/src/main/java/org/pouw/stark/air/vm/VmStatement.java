package org.pouw.stark.air.vm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import org.pouw.crypto.Hex;
import org.pouw.stark.air.hashchain.JobBinding;
import org.pouw.vm.Trace;
import org.pouw.vm.VmState;

/**
 * What a VM proof proves (docs/stark.md, "The VM AIR"): the program whose BLAKE3 hash is {@code programHash}, from
 * {@code start} (step {@code firstStep} of its run), executes exactly {@code steps} instructions and ends in
 * {@code end}; if {@code halts}, the last of them is its first halt (a whole run, or the final segment), otherwise
 * none of them is a halt (a non-final segment, which has 2^j − 1 steps). For one job and one prover. Encoded as
 * public inputs in {@value #ENCODED_LENGTH} bytes: version (u64le) ‖ program hash (32) ‖ first step (u64le) ‖ start
 * pc (u64le) ‖ start r0 … r7 (8 × u64le) ‖ steps (u64le) ‖ halts (u64le, 0 or 1) ‖ end pc (u64le) ‖ end r0 … r7
 * (8 × u64le) ‖ job id (16) ‖ prover hash (32).
 *
 * <p>The node builds this from its own records (the intent's inputs, the hash-checked program, its execution record,
 * the job and its leaseholder); it never takes a statement from a proof.
 */
public record VmStatement(byte[] programHash, long firstStep, VmState start, long steps, boolean halts, VmState end,
                          JobBinding binding) {
    public static final long VERSION = 1;
    public static final int HASH_LENGTH = 32;
    public static final int ENCODED_LENGTH = 8 + HASH_LENGTH + 8 + 2 * 8 * VmState.WIDTH + 8 + 8
            + JobBinding.JOB_ID_LENGTH + JobBinding.PROVER_HASH_LENGTH;
    /** The interpreter's bound; the trace then needs 2^25 rows, within the format's 2^26. */
    public static final long MAX_STEPS = Trace.MAX_STEPS;

    public VmStatement {
        if (programHash == null || programHash.length != HASH_LENGTH) {
            throw new IllegalArgumentException("program hash must be " + HASH_LENGTH + " bytes");
        }
        programHash = programHash.clone();
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (steps < 1 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("steps must be in [1, " + MAX_STEPS + "], got " + steps);
        }
        if (firstStep < 0 || firstStep > MAX_STEPS - steps) {
            throw new IllegalArgumentException("first step " + firstStep + " out of range for " + steps + " steps");
        }
        if (binding == null) {
            throw new IllegalArgumentException("binding (job id and prover) is missing");
        }
    }

    /** A whole run: from pc 0 with {@code startRegisters} (the inputs, then zeros) to the first halt. */
    public VmStatement(byte[] programHash, long[] startRegisters, long steps, VmState end, JobBinding binding) {
        this(programHash, 0, new VmState(0, Objects.requireNonNull(startRegisters, "start registers")), steps, true,
                end, binding);
    }

    @Override
    public byte[] programHash() {
        return programHash.clone();
    }

    public byte[] encode() {
        ByteBuffer buffer = ByteBuffer.allocate(ENCODED_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(VERSION).put(programHash).putLong(firstStep);
        putState(buffer, start);
        buffer.putLong(steps).putLong(halts ? 1 : 0);
        putState(buffer, end);
        buffer.put(binding.jobId()).put(binding.proverHash());
        return buffer.array();
    }

    /** Decodes public inputs; IllegalArgumentException naming what is wrong when they are malformed. */
    public static VmStatement decode(byte[] bytes) {
        if (bytes.length != ENCODED_LENGTH) {
            throw new IllegalArgumentException("VM public inputs must be " + ENCODED_LENGTH + " bytes, got "
                    + bytes.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long version = buffer.getLong();
        if (version != VERSION) {
            throw new IllegalArgumentException("VM statement version " + Long.toUnsignedString(version)
                    + " is not supported; this node reads version " + VERSION);
        }
        byte[] hash = new byte[HASH_LENGTH];
        buffer.get(hash);
        long firstStep = buffer.getLong();
        VmState start = readState(buffer, "start");
        long steps = buffer.getLong();
        long halts = buffer.getLong();
        if (halts != 0 && halts != 1) {
            throw new IllegalArgumentException("halts must be 0 or 1, got " + Long.toUnsignedString(halts));
        }
        VmState end = readState(buffer, "end");
        byte[] jobId = new byte[JobBinding.JOB_ID_LENGTH];
        byte[] proverHash = new byte[JobBinding.PROVER_HASH_LENGTH];
        buffer.get(jobId).get(proverHash);
        return new VmStatement(hash, firstStep, start, steps, halts == 1, end, new JobBinding(jobId, proverHash));
    }

    private static void putState(ByteBuffer buffer, VmState state) {
        buffer.putLong(state.pc());
        for (long v : state.registers()) {
            buffer.putLong(v);
        }
    }

    private static VmState readState(ByteBuffer buffer, String name) {
        long pc = buffer.getLong();
        if (pc < 0 || pc > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " pc " + Long.toUnsignedString(pc) + " out of range");
        }
        long[] registers = new long[VmState.REGISTERS];
        for (int i = 0; i < registers.length; i++) {
            registers[i] = buffer.getLong();
        }
        return new VmState((int) pc, registers);
    }

    /** Whether this and {@code other} claim the same run or segment, whatever job and prover. */
    public boolean sameRun(VmStatement other) {
        return steps == other.steps && firstStep == other.firstStep && halts == other.halts
                && Arrays.equals(programHash, other.programHash) && start.equals(other.start)
                && end.equals(other.end);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VmStatement s && sameRun(s) && binding.equals(s.binding);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(programHash) * 31 + start.hashCode() * 17 + Long.hashCode(steps) * 7
                + end.hashCode() * 3 + binding.hashCode() + (halts ? 1 : 0) + Long.hashCode(firstStep) * 5;
    }

    @Override
    public String toString() {
        return "program " + Hex.encode(programHash).substring(0, 16) + "… from " + start + " (step " + firstStep
                + ") " + (halts ? "halts after " : "runs without a halt for ") + steps + " steps to " + end
                + " for " + binding;
    }
}
