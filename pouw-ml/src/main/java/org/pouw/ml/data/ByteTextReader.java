package org.pouw.ml.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns text into a byte-level next-token dataset for a language model: record r is the {@code context} bytes
 * starting at {@code r·stride}, as token ids 0–255 (floats, the {@code 1 × context × 1} input of a token embedding),
 * and its label is the byte that follows them. The vocabulary is all 256 byte values, so any file is valid text
 * (UTF-8 is read as its bytes) and the dataset is bound by its Merkle root like any other: the root commits to the
 * windows, hence to the text they cover.
 */
public final class ByteTextReader {
    public static final int VOCABULARY = 256;
    public static final int MAX_CONTEXT = 4096;
    /** A text of n bytes gives up to n records of {@code context} floats each; this keeps one dataset in bounds. */
    public static final long MAX_FLOATS = 1L << 28;

    private ByteTextReader() {
    }

    public static Dataset read(Path file, int context, int stride) throws IOException {
        return read(Files.readAllBytes(file), file.getFileName().toString(), context, stride);
    }

    /** Records from {@code text}; {@code name} is the source named in errors. */
    public static Dataset read(byte[] text, String name, int context, int stride) {
        if (context < 1 || context > MAX_CONTEXT) {
            throw new DatasetFormatException(name, "context must be in [1, " + MAX_CONTEXT + "], got " + context);
        }
        if (stride < 1 || stride > MAX_CONTEXT) {
            throw new DatasetFormatException(name, "stride must be in [1, " + MAX_CONTEXT + "], got " + stride);
        }
        if (text.length < context + 1) {
            throw new DatasetFormatException(name, text.length + " bytes is too short for one window of " + context
                    + " bytes and the byte after it");
        }
        long records = (text.length - context - 1L) / stride + 1;
        if (records * context > MAX_FLOATS) {
            throw new DatasetFormatException(name, records + " windows of " + context
                    + " bytes exceed 2^28 floats; use a larger stride or a shorter text");
        }
        float[][] features = new float[(int) records][context];
        int[] labels = new int[(int) records];
        for (int r = 0; r < records; r++) {
            int start = r * stride;
            for (int t = 0; t < context; t++) {
                features[r][t] = text[start + t] & 0xFF;
            }
            labels[r] = text[start + context] & 0xFF;
        }
        return Dataset.owning(features, labels, VOCABULARY);
    }
}
