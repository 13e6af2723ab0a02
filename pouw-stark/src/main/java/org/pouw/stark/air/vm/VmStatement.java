package org.pouw.stark.air.vm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.pouw.crypto.Hex;
import org.pouw.stark.air.hashchain.JobBinding;
import org.pouw.vm.Trace;
import org.pouw.vm.VmState;

/**
 * What a VM proof proves (docs/stark.md, "The VM AIR"): the program whose BLAKE3 hash is {@code programHash}, started
 * at pc 0 with {@code start} in r0 … r7, executes exactly {@code steps} instructions, the last of them its first halt,
 * and ends in {@code end}; for one job and one prover. Encoded as public inputs in {@value #ENCODED_LENGTH} bytes:
 * version (u64le) ‖ program hash (32) ‖ start r0 … r7 (8 × u64le) ‖ steps (u64le) ‖ end pc (u64le) ‖ end r0 … r7
 * (8 × u64le) ‖ job id (16) ‖ prover hash (32).
 *
 * <p>The node builds this from its own records (the intent's inputs, the hash-checked program, its execution record,
 * the job and its leaseholder); it never takes a statement from a proof.
 */
public record VmStatement(byte[] programHash, long[] start, long steps, VmState end, JobBinding binding) {
    public static final long VERSION = 1;
    public static final int HASH_LENGTH = 32;
    public static final int ENCODED_LENGTH = 8 + HASH_LENGTH + 8 * VmState.REGISTERS + 8 + 8 * VmState.WIDTH
            + JobBinding.JOB_ID_LENGTH + JobBinding.PROVER_HASH_LENGTH;
    /** The trace needs steps + 1 rows rounded up to a power of two, at most 2^26. */
    public static final long MAX_STEPS = Math.min(Trace.MAX_STEPS, (1L << 25) - 1);

    public VmStatement {
        if (programHash == null || programHash.length != HASH_LENGTH) {
            throw new IllegalArgumentException("program hash must be " + HASH_LENGTH + " bytes");
        }
        programHash = programHash.clone();
        // VmState checks every register is a field element
        start = new VmState(0, java.util.Objects.requireNonNull(start, "start")).registers();
        if (steps < 1 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("steps must be in [1, " + MAX_STEPS + "], got " + steps);
        }
        if (end == null) {
            throw new IllegalArgumentException("end state is missing");
        }
        if (binding == null) {
            throw new IllegalArgumentException("binding (job id and prover) is missing");
        }
    }

    /** The start state: pc 0 and the inputs followed by zeros. */
    public VmState startState() {
        return new VmState(0, start);
    }

    @Override
    public byte[] programHash() {
        return programHash.clone();
    }

    @Override
    public long[] start() {
        return start.clone();
    }

    public byte[] encode() {
        ByteBuffer buffer = ByteBuffer.allocate(ENCODED_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(VERSION).put(programHash);
        for (long v : start) {
            buffer.putLong(v);
        }
        buffer.putLong(steps).putLong(end.pc());
        for (long v : end.registers()) {
            buffer.putLong(v);
        }
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
        long[] start = readRegisters(buffer);
        long steps = buffer.getLong();
        long endPc = buffer.getLong();
        if (endPc < 0 || endPc > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("end pc " + Long.toUnsignedString(endPc) + " out of range");
        }
        VmState end = new VmState((int) endPc, readRegisters(buffer));
        byte[] jobId = new byte[JobBinding.JOB_ID_LENGTH];
        byte[] proverHash = new byte[JobBinding.PROVER_HASH_LENGTH];
        buffer.get(jobId).get(proverHash);
        return new VmStatement(hash, start, steps, end, new JobBinding(jobId, proverHash));
    }

    private static long[] readRegisters(ByteBuffer buffer) {
        long[] registers = new long[VmState.REGISTERS];
        for (int i = 0; i < registers.length; i++) {
            registers[i] = buffer.getLong();
        }
        return registers;
    }

    /** Whether this and {@code other} claim the same run (program, start, steps, end), whatever job and prover. */
    public boolean sameRun(VmStatement other) {
        return steps == other.steps && Arrays.equals(programHash, other.programHash)
                && Arrays.equals(start, other.start) && end.equals(other.end);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VmStatement s && sameRun(s) && binding.equals(s.binding);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(programHash) * 31 + Arrays.hashCode(start) * 17 + Long.hashCode(steps) * 7
                + end.hashCode() * 3 + binding.hashCode();
    }

    @Override
    public String toString() {
        return "program " + Hex.encode(programHash).substring(0, 16) + "… from " + startState() + " halts after "
                + steps + " steps in " + end + " for " + binding;
    }
}
