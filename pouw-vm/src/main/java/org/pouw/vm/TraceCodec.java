package org.pouw.vm;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.pouw.crypto.Blake3;

/**
 * The canonical binary form of a {@link Trace}; its BLAKE3 is the {@code trace_hash} of ARCHITECTURE.md §5.
 *
 * <pre>
 * offset       size  field
 * 0            4     magic "PVMT" (50 56 4D 54)
 * 4            1     format version, 0x01
 * 5            32    program hash (BLAKE3 of the program encoding, {@link ProgramCodec})
 * 37           1     registers per row, 0x08
 * 38           4     row count m, unsigned big-endian, 1 ≤ m ≤ 2^24 + 1 (= steps + 1)
 * 42 + 72·j    8     row j: pc, unsigned big-endian, ≤ 2^20
 * 50 + 72·j    64    row j: r0 … r7, each 8 bytes unsigned big-endian, each &lt; p
 * 42 + 72·m          end; nothing may follow
 * </pre>
 *
 * <p>Decoding is strict and total: for every byte array it either returns the one trace whose encoding is exactly
 * those bytes, or throws {@link MalformedEncodingException}. Hence a changed byte can never decode to a trace with the
 * same hash. The row count is checked against the buffer length before anything is allocated from it.
 */
public final class TraceCodec {
    static final byte[] MAGIC = "PVMT".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 4 + 1 + Blake3.LENGTH + 1 + 4;
    public static final int ROW_LENGTH = VmState.ENCODED_LENGTH;

    /** Rows per chunk when streaming into the hasher: 72 KiB buffers. */
    private static final int HASH_CHUNK_ROWS = 1024;

    private TraceCodec() {
    }

    public static byte[] encode(Trace trace) {
        long[] cells = trace.cells();
        ByteBuffer out = ByteBuffer.allocate(HEADER_LENGTH + 8 * cells.length);
        out.put(header(trace));
        for (long cell : cells) {
            out.putLong(cell);
        }
        return out.array();
    }

    /** BLAKE3 of {@link #encode}, computed without materialising the whole encoding. */
    static byte[] hash(Trace trace) {
        Blake3.Incremental hasher = Blake3.incremental().update(header(trace));
        long[] cells = trace.cells();
        int chunkCells = HASH_CHUNK_ROWS * VmState.WIDTH;
        ByteBuffer chunk = ByteBuffer.allocate(8 * chunkCells);
        for (int from = 0; from < cells.length; from += chunkCells) {
            chunk.clear();
            int to = Math.min(cells.length, from + chunkCells);
            for (int i = from; i < to; i++) {
                chunk.putLong(cells[i]);
            }
            hasher.update(chunk.array(), 0, chunk.position());
        }
        return hasher.digest();
    }

    private static byte[] header(Trace trace) {
        return ByteBuffer.allocate(HEADER_LENGTH)
                .put(MAGIC)
                .put((byte) VERSION)
                .put(trace.programHashUnsafe())
                .put((byte) VmState.REGISTERS)
                .putInt(trace.rowCount())
                .array();
    }

    /**
     * The trace these bytes encode.
     *
     * @throws MalformedEncodingException for anything but a canonical encoding (the only exception thrown for a
     *                                    non-null argument)
     */
    public static Trace decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        StrictReader in = new StrictReader(bytes, "trace encoding");
        in.expect(MAGIC, "magic (expected \"PVMT\")");
        int version = in.u8();
        if (version != VERSION) {
            throw in.fail("unsupported version " + version + " (expected " + VERSION + ")");
        }
        byte[] programHash = in.bytes(Blake3.LENGTH);
        int registers = in.u8();
        if (registers != VmState.REGISTERS) {
            throw in.fail("register count " + registers + " (expected " + VmState.REGISTERS + ")");
        }
        long rows = in.u32();
        if (rows < 1 || rows > Trace.MAX_ROWS) {
            throw in.fail("row count " + rows + " out of range [1, " + Trace.MAX_ROWS + "]");
        }
        // Check the length before allocating anything sized by the untrusted row count.
        if (in.remaining() != rows * ROW_LENGTH) {
            throw in.fail("row count " + rows + " needs " + rows * ROW_LENGTH + " bytes of rows, but "
                    + in.remaining() + " follow");
        }
        long[] cells = new long[(int) rows * VmState.WIDTH];
        for (int row = 0; row < rows; row++) {
            VmState.readRow(in, cells, row * VmState.WIDTH);
        }
        in.expectEnd();
        return new Trace(programHash, cells);
    }
}
