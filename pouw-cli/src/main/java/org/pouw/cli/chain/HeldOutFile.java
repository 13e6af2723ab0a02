package org.pouw.cli.chain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pouw.chain.task.DatasetId;
import org.pouw.chain.task.HeldOutCommitment;
import org.pouw.chain.tx.RevealHeldOut;
import org.pouw.cli.AtomicFile;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.data.DatasetCodec;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * What the poster of a chain task keeps to itself until the held-out reveal (docs/chain.md §4.4): the task id, the
 * salt of the held-out commitment and the held-out records. Without it the poster can not reveal, and the escrow goes
 * to the participants without a ranking — so {@code pouw task submit} writes it (owner-only, never over an existing
 * file) <em>before</em> it posts the task.
 *
 * <p>Encoding: {@code "PHOK" 0x01 ‖ task id[32] ‖ salt[32] ‖ held-out set (u32 length ‖ pouw-ml PMLD encoding)},
 * big-endian; the decoder refuses anything else, naming the field.
 */
public record HeldOutFile(Bytes32 taskId, Bytes32 salt, Dataset heldOut) {
    private static final byte[] TAG = "PHOK\u0001".getBytes(StandardCharsets.ISO_8859_1);
    /** The PMLD form is smaller than the records the reveal carries, which H_max bounds; room for its header. */
    static final int MAX_SET_BYTES = RevealHeldOut.MAX_HELD_OUT_BYTES + 64;

    public HeldOutFile {
        if (taskId == null || salt == null || heldOut == null) {
            throw new IllegalArgumentException("a held-out file needs the task id, the salt and the records");
        }
    }

    /** The commitment a task carries for this set: {@code HeldOutCommitment.of(salt, dataset id)}. */
    public Bytes32 commitment() {
        return commitment(salt, heldOut);
    }

    static Bytes32 commitment(Bytes32 salt, Dataset heldOut) {
        return HeldOutCommitment.of(salt, new DatasetId(heldOut.root(), heldOut.size()));
    }

    /** The {@code reveal_heldout} body: the salt and every record in pouw-ml's canonical record encoding. */
    public RevealHeldOut reveal() {
        List<byte[]> records = new ArrayList<>(heldOut.size());
        for (int i = 0; i < heldOut.size(); i++) {
            records.add(heldOut.record(i));
        }
        return new RevealHeldOut(taskId, salt, records);
    }

    public byte[] encode() {
        byte[] set = DatasetCodec.encode(heldOut);
        return new CanonicalWriter(TAG.length + 2 * Bytes32.LENGTH + 4 + set.length).raw(TAG).bytes32(taskId)
                .bytes32(salt).bytes(set).toByteArray();
    }

    public static HeldOutFile decode(byte[] bytes) {
        CanonicalReader in = new CanonicalReader(bytes);
        in.expectTag(TAG, "held-out file");
        Bytes32 taskId = in.bytes32("task id");
        Bytes32 salt = in.bytes32("salt");
        byte[] set = in.bytes("held-out set", MAX_SET_BYTES);
        in.requireEnd("held-out file");
        return new HeldOutFile(taskId, salt, DatasetCodec.decode(set));
    }

    /** Writes the file owner-only; refuses to replace one, whose salt may be the only copy. */
    public void writeNew(Path file, String option) throws IOException {
        if (Files.exists(file)) {
            throw new IllegalArgumentException(option + ": " + file + " already exists; it may hold another task's"
                    + " held-out set, so it is never replaced");
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        AtomicFile.write(file, encode());
    }

    /** Reads and checks a kept file; an unreadable one is refused naming {@code option}. */
    public static HeldOutFile read(Path file, String option) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(option + ": no such file: " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": cannot read " + file + ": " + e.getMessage());
        }
        try {
            return decode(bytes);
        } catch (EncodingException e) {
            throw new IllegalArgumentException(option + ": " + file + " is not a held-out file: " + e.getMessage());
        }
    }

    /** Where {@code pouw task submit} keeps the file of {@code taskId} unless told otherwise. */
    public static Path defaultPath(Path folder, Bytes32 taskId) {
        return folder.resolve(taskId.hex() + ".heldout");
    }
}
