package org.pouw.chain.tx;

import java.util.ArrayList;
import java.util.List;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * The poster's reveal of a task's held-out set, on chain, after the reveal window (docs/chain.md §4.4): the salt of
 * its commitment and the records, each in pouw-ml's canonical record encoding ({@code Dataset.record}: label i32,
 * feature count i32, features f32), at most {@value #MAX_HELD_OUT_BYTES} bytes of records in all (H_max).
 * Encoding: {@code task id ‖ salt ‖ count u32 ‖ (u32 length ‖ record)*}.
 */
public record RevealHeldOut(Bytes32 taskId, Bytes32 salt, List<byte[]> records) implements TxBody {
    /** H_max (docs/chain.md §6): 2 MiB, about 660 MNIST records. */
    public static final int MAX_HELD_OUT_BYTES = 2 << 20;

    public RevealHeldOut {
        if (taskId == null || salt == null || records == null) {
            throw new IllegalArgumentException("task id, salt and records must be set");
        }
        long total = 0;
        List<byte[]> copies = new ArrayList<>(records.size());
        for (byte[] record : records) {
            total += record.length;
            copies.add(record.clone());
        }
        if (total > MAX_HELD_OUT_BYTES) {
            throw new IllegalArgumentException("held-out records must be at most " + MAX_HELD_OUT_BYTES
                    + " bytes, got " + total);
        }
        records = List.copyOf(copies);
    }

    @Override
    public List<byte[]> records() {
        return records.stream().map(byte[]::clone).toList();
    }

    @Override
    public TxKind kind() {
        return TxKind.REVEAL_HELD_OUT;
    }

    @Override
    public void writeTo(CanonicalWriter out) {
        out.bytes32(taskId).bytes32(salt).i32(records.size());
        for (byte[] record : records) {
            out.bytes(record);
        }
    }

    static RevealHeldOut read(CanonicalReader in) {
        Bytes32 taskId = in.bytes32("task id");
        Bytes32 salt = in.bytes32("salt");
        int count = in.count("held-out records", MAX_HELD_OUT_BYTES, 4);
        List<byte[]> records = new ArrayList<>(count);
        long total = 0;
        for (int i = 0; i < count; i++) {
            byte[] record = in.bytes("held-out record", MAX_HELD_OUT_BYTES);
            total += record.length;
            if (total > MAX_HELD_OUT_BYTES) {
                throw new EncodingException("held-out records: more than " + MAX_HELD_OUT_BYTES + " bytes");
            }
            records.add(record);
        }
        return new RevealHeldOut(taskId, salt, records);
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof RevealHeldOut that) || !taskId.equals(that.taskId) || !salt.equals(that.salt)
                || records.size() != that.records.size()) {
            return false;
        }
        for (int i = 0; i < records.size(); i++) {
            if (!java.util.Arrays.equals(records.get(i), that.records.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return 31 * taskId.hashCode() + records.size();
    }

    @Override
    public String toString() {
        return "RevealHeldOut[" + taskId.hex().substring(0, 12) + "…, " + records.size() + " records]";
    }
}
