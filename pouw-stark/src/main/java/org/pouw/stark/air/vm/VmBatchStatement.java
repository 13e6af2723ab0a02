package org.pouw.stark.air.vm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Hex;
import org.pouw.stark.air.hashchain.JobBinding;
import org.pouw.vm.VmState;

/**
 * What a batch proof (the {@code full} tier, issue 22 §3) proves: for each intent i of the list, in order, the
 * program whose BLAKE3 is {@code programHash} runs from pc 0 with {@code startRegisters} and halts after exactly
 * {@code steps} steps in {@code end}; for one job and one prover. The list does not fit the proof format's public
 * inputs, so they are its digest and its count ({@value #ENCODED_LENGTH} bytes): version (u64le) ‖ BLAKE3(
 * "pouw-vm-batch-v1" ‖ u64le count ‖ each intent's program hash (32) ‖ start r0 … r7 (8 × u64le) ‖ steps (u64le) ‖
 * end pc (u64le) ‖ end r0 … r7 (8 × u64le)) ‖ count (u64le) ‖ job id (16) ‖ prover hash (32). The verifier holds the
 * list itself (its own records), recomputes the digest, and computes the bus's final value from the list.
 */
public record VmBatchStatement(List<Intent> intents, JobBinding binding) {
    public static final long VERSION = 1;
    public static final int ENCODED_LENGTH = 8 + 32 + 8 + JobBinding.JOB_ID_LENGTH + JobBinding.PROVER_HASH_LENGTH;
    /** A batch holds at most this many intents (one tag per intent; the table and trace bound it further). */
    public static final int MAX_INTENTS = 4096;
    private static final byte[] DOMAIN = "pouw-vm-batch-v1".getBytes(StandardCharsets.US_ASCII);

    /** One intent of the batch: a whole run from pc 0 to its first halt. */
    public record Intent(byte[] programHash, long[] startRegisters, long steps, VmState end) {
        public Intent {
            if (programHash == null || programHash.length != VmStatement.HASH_LENGTH) {
                throw new IllegalArgumentException("program hash must be " + VmStatement.HASH_LENGTH + " bytes");
            }
            programHash = programHash.clone();
            if (startRegisters == null || startRegisters.length != VmState.REGISTERS) {
                throw new IllegalArgumentException("start registers must be " + VmState.REGISTERS + " values");
            }
            startRegisters = startRegisters.clone();
            if (steps < 1 || steps > VmStatement.MAX_STEPS) {
                throw new IllegalArgumentException("steps must be in [1, " + VmStatement.MAX_STEPS + "], got "
                        + steps);
            }
            Objects.requireNonNull(end, "end");
        }

        @Override
        public byte[] programHash() {
            return programHash.clone();
        }

        @Override
        public long[] startRegisters() {
            return startRegisters.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Intent i && Arrays.equals(programHash, i.programHash)
                    && Arrays.equals(startRegisters, i.startRegisters) && steps == i.steps && end.equals(i.end);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(programHash) * 31 + Arrays.hashCode(startRegisters) * 7 + Long.hashCode(steps)
                    + end.hashCode();
        }

        @Override
        public String toString() {
            return "program " + Hex.encode(programHash).substring(0, 16) + "… from " + Arrays.toString(startRegisters)
                    + " halts after " + steps + " steps in " + end;
        }
    }

    public VmBatchStatement {
        if (intents == null || intents.isEmpty() || intents.size() > MAX_INTENTS) {
            throw new IllegalArgumentException("a batch holds 1 to " + MAX_INTENTS + " intents, got "
                    + (intents == null ? 0 : intents.size()));
        }
        intents = List.copyOf(intents);
        Objects.requireNonNull(binding, "binding (job id and prover) is missing");
    }

    /** BLAKE3 of the domain, the count and every intent in order: what the transcript binds the list by. */
    public byte[] digest() {
        int entry = VmStatement.HASH_LENGTH + 8 * VmState.REGISTERS + 8 + 8 * VmState.WIDTH;
        ByteBuffer buffer = ByteBuffer.allocate(DOMAIN.length + 8 + entry * intents.size())
                .order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(DOMAIN).putLong(intents.size());
        for (Intent intent : intents) {
            buffer.put(intent.programHash);
            for (long r : intent.startRegisters) {
                buffer.putLong(r);
            }
            buffer.putLong(intent.steps).putLong(intent.end.pc());
            for (long r : intent.end.registers()) {
                buffer.putLong(r);
            }
        }
        return Blake3.hash(buffer.array());
    }

    /** The public inputs: version, digest, count, job id, prover hash. */
    public byte[] encode() {
        return ByteBuffer.allocate(ENCODED_LENGTH).order(ByteOrder.LITTLE_ENDIAN).putLong(VERSION).put(digest())
                .putLong(intents.size()).put(binding.jobId()).put(binding.proverHash()).array();
    }

    @Override
    public String toString() {
        return intents.size() + " intents, digest " + Hex.encode(digest()).substring(0, 16) + "… for " + binding;
    }
}
