package org.pouw.stark.protocol;

import java.util.Arrays;
import org.pouw.stark.fiatshamir.Transcript;

/**
 * Draws the query positions in the evaluation domain, then sorts them and drops repeats: the proof opens each
 * distinct position once (a repeated draw adds no information, and the security estimate counts draws, as
 * Winterfell's does).
 */
public final class QueryPositions {
    private QueryPositions() {
    }

    public static int[] draw(Transcript transcript, int queries, int domainSize) {
        return Arrays.stream(transcript.drawIndices(queries, domainSize)).sorted().distinct().toArray();
    }

    /** The distinct positions p mod size, sorted: the leaves a folded layer opens. */
    public static int[] fold(int[] positions, int size) {
        return Arrays.stream(positions).map(p -> p & (size - 1)).sorted().distinct().toArray();
    }
}
