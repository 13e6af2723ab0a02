package org.pouw.chain.mining;

import java.util.Arrays;
import org.pouw.ml.model.Conv2dLayer;

/**
 * How often each entry of a convolution's unrolled patch reads a non-zero pixel (docs/chain.md §3.2): entry
 * {@code (ky·K + kx)·C + c} at output position {@code (oy, ox)} reads pixel {@code (oy·S + ky − P, ox·S + kx − P, c)},
 * an exact zero when that falls in the padding. Over the outHeight × outWidth positions the pixels one entry reads
 * form a lattice of step S: so the count is a rectangle of the lattice of the entry's phase {@code ((ky − P) mod S,
 * (kx − P) mod S)}, read from a summed-area table of that lattice's non-zero pixels — one pass over the image (each
 * pixel belongs to one phase), instead of one per output position. Stride 1 and no padding is the single phase and
 * the contiguous window of the plain convolution.
 */
final class PatchWindows {
    private PatchWindows() {
    }

    /** The counts for {@code conv} over {@code image}, in a table of their own. */
    static int[] of(float[] image, Conv2dLayer conv) {
        return of(image, conv, new int[0]);
    }

    /**
     * The counts for {@code conv} over {@code image}; {@code table} is scratch space reused when it is large enough
     * ({@link #tableSize}).
     */
    static int[] of(float[] image, Conv2dLayer conv, int[] table) {
        int kernel = conv.kernel();
        int stride = conv.stride();
        int padding = conv.padding();
        int height = conv.height();
        int width = conv.width();
        int channels = conv.channels();
        int[] scratch = table.length >= tableSize(conv) ? table : new int[tableSize(conv)];
        int[] windows = new int[kernel * kernel * channels];
        for (int py = 0; py < stride; py++) {
            int rows = lattice(height, py, stride);
            for (int px = 0; px < stride; px++) {
                int columns = lattice(width, px, stride);
                if (rows == 0 || columns == 0) {
                    continue;
                }
                fill(image, width, channels, py, px, stride, rows, columns, scratch);
                int line = (columns + 1) * channels;
                for (int ky = 0; ky < kernel; ky++) {
                    if (Math.floorMod(ky - padding, stride) != py) {
                        continue;
                    }
                    int first = Math.floorDiv(ky - padding, stride);
                    int top = Math.clamp(first, 0, rows);
                    int bottom = Math.clamp((long) first + conv.outHeight(), 0, rows);
                    for (int kx = 0; kx < kernel; kx++) {
                        if (Math.floorMod(kx - padding, stride) != px) {
                            continue;
                        }
                        int firstX = Math.floorDiv(kx - padding, stride);
                        int left = Math.clamp(firstX, 0, columns) * channels;
                        int right = Math.clamp((long) firstX + conv.outWidth(), 0, columns) * channels;
                        int entry = (ky * kernel + kx) * channels;
                        if (bottom <= top || right <= left) {
                            continue;   // the entry reads only padding: zero, as the array starts
                        }
                        for (int c = 0; c < channels; c++) {
                            windows[entry + c] = scratch[bottom * line + right + c] - scratch[bottom * line + left + c]
                                    - scratch[top * line + right + c] + scratch[top * line + left + c];
                        }
                    }
                }
            }
        }
        return windows;
    }

    /** Scratch ints {@link #of(float[], Conv2dLayer, int[])} needs for {@code conv}: its largest phase's table. */
    static int tableSize(Conv2dLayer conv) {
        int rows = lattice(conv.height(), 0, conv.stride());
        int columns = lattice(conv.width(), 0, conv.stride());
        return (rows + 1) * (columns + 1) * conv.channels();
    }

    /** Pixels {@code phase, phase + step, …} below {@code size}. */
    private static int lattice(int size, int phase, int step) {
        return phase >= size ? 0 : (size - phase + step - 1) / step;
    }

    /**
     * {@code table[(ly·(columns + 1) + lx)·C + c]}: the non-zero pixels of channel c at lattice rows below ly and
     * lattice columns below lx, the lattice being pixels {@code (py + S·i, px + S·j)}.
     */
    private static void fill(float[] image, int width, int channels, int py, int px, int stride, int rows,
                             int columns, int[] table) {
        int line = (columns + 1) * channels;
        Arrays.fill(table, 0, line, 0);
        for (int ly = 0; ly < rows; ly++) {
            int above = ly * line;
            int here = above + line;
            for (int c = 0; c < channels; c++) {
                table[here + c] = 0;
            }
            int y = py + ly * stride;
            for (int lx = 0; lx < columns; lx++) {
                int pixel = (y * width + px + lx * stride) * channels;
                for (int c = 0; c < channels; c++) {
                    int m = Float.floatToRawIntBits(image[pixel + c]) & 0x7fffffff;
                    int nonZeroPixel = (-m) >>> 31;
                    int cell = (lx + 1) * channels + c;
                    table[here + cell] = nonZeroPixel + table[here + cell - channels] + table[above + cell]
                            - table[above + cell - channels];
                }
            }
        }
    }
}
