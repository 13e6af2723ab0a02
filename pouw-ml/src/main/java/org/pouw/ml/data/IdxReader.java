package org.pouw.ml.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the IDX format of the MNIST distribution: a 4-byte magic {@code 00 00 <type> <dims>}, {@code dims}
 * big-endian u32 sizes, then the elements. Images are unsigned bytes with 3 dimensions (count, rows, columns) or
 * 4 (… , channels); labels are unsigned bytes with 1 dimension. Pixels become {@code value / 255f}.
 *
 * <p>Every size is checked against the bytes actually present before anything is allocated, and trailing bytes
 * are an error: a file is either exactly an IDX array or rejected with {@link DatasetFormatException}.
 */
public final class IdxReader {
    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {
    }

    public static Dataset read(Path images, Path labels, int classes) throws IOException {
        return read(Files.readAllBytes(images), images.getFileName().toString(),
                Files.readAllBytes(labels), labels.getFileName().toString(), classes);
    }

    public static Dataset read(byte[] images, String imagesName, byte[] labels, String labelsName, int classes) {
        IdxArray pixels = IdxArray.parse(images, imagesName);
        IdxArray tags = IdxArray.parse(labels, labelsName);
        if (pixels.dims.length != 3 && pixels.dims.length != 4) {
            throw new DatasetFormatException(imagesName, "images need 3 or 4 dimensions, found " + pixels.dims.length);
        }
        if (tags.dims.length != 1) {
            throw new DatasetFormatException(labelsName, "labels need 1 dimension, found " + tags.dims.length);
        }
        int count = pixels.dims[0];
        if (tags.dims[0] != count) {
            throw new DatasetFormatException(labelsName, tags.dims[0] + " labels for " + count + " images in " + imagesName);
        }
        if (classes < 2 || classes > 256) {
            throw new IllegalArgumentException("classes must be in [2, 256], got " + classes);
        }
        int perImage = count == 0 ? 0 : (int) (pixels.elementCount / count);
        float[][] features = new float[count][perImage];
        int[] labelValues = new int[count];
        for (int i = 0; i < count; i++) {
            int label = tags.data[tags.offset + i] & 0xFF;
            if (label >= classes) {
                throw new DatasetFormatException(labelsName, "label " + label + " of record " + i + " is not below " + classes);
            }
            labelValues[i] = label;
            float[] row = features[i];
            int base = pixels.offset + i * perImage;
            for (int j = 0; j < perImage; j++) {
                row[j] = (pixels.data[base + j] & 0xFF) / 255f;
            }
        }
        return Dataset.owning(features, labelValues, classes);
    }

    /** A parsed header over the file's bytes. */
    private record IdxArray(byte[] data, int[] dims, long elementCount, int offset) {
        static IdxArray parse(byte[] data, String name) {
            if (data.length < 4) {
                throw new DatasetFormatException(name, "too short for an IDX header (" + data.length + " bytes)");
            }
            if (data[0] != 0 || data[1] != 0) {
                throw new DatasetFormatException(name, "not an IDX file: magic must start with two zero bytes");
            }
            int type = data[2] & 0xFF;
            if (type != UNSIGNED_BYTE) {
                throw new DatasetFormatException(name, "unsupported IDX element type 0x" + Integer.toHexString(type)
                        + " (only unsigned byte, 0x08)");
            }
            int dimCount = data[3] & 0xFF;
            if (dimCount < 1 || dimCount > 4) {
                throw new DatasetFormatException(name, "IDX dimension count must be in [1, 4], got " + dimCount);
            }
            int headerBytes = 4 + 4 * dimCount;
            if (data.length < headerBytes) {
                throw new DatasetFormatException(name, "truncated IDX header: " + dimCount + " dimensions need "
                        + headerBytes + " bytes, file has " + data.length);
            }
            int[] dims = new int[dimCount];
            long elements = 1;
            for (int d = 0; d < dimCount; d++) {
                int p = 4 + 4 * d;
                int size = ((data[p] & 0xFF) << 24) | ((data[p + 1] & 0xFF) << 16) | ((data[p + 2] & 0xFF) << 8) | (data[p + 3] & 0xFF);
                if (size < 0) {
                    throw new DatasetFormatException(name, "IDX dimension " + d + " is " + Integer.toUnsignedString(size) + ", too large");
                }
                dims[d] = size;
                elements *= size;
                if (elements > data.length) {
                    // Stop before the product can overflow; the length check below reports it.
                    elements = Long.MAX_VALUE;
                    break;
                }
            }
            long expected = elements == Long.MAX_VALUE ? Long.MAX_VALUE : headerBytes + elements;
            if (expected != data.length) {
                throw new DatasetFormatException(name, "IDX header declares " + describe(dims) + " elements ("
                        + (expected == Long.MAX_VALUE ? "more than the file" : (expected - headerBytes) + " bytes")
                        + ") but the file holds " + (data.length - headerBytes) + " bytes after the header");
            }
            if (dimCount > 1 && dims[0] > 0) {
                long perRecord = elements / dims[0];
                if (perRecord > Integer.MAX_VALUE || perRecord == 0) {
                    throw new DatasetFormatException(name, "IDX record size " + perRecord + " is not usable");
                }
            }
            return new IdxArray(data, dims, elements, headerBytes);
        }

        private static String describe(int[] dims) {
            StringBuilder text = new StringBuilder();
            for (int d = 0; d < dims.length; d++) {
                text.append(d == 0 ? "" : "×").append(dims[d]);
            }
            return text.toString();
        }
    }
}
