package org.pouw.node.http;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * How much of a run of blocks one page of {@code GET /v1/chain/blocks} gives (docs/api.md "blocks"): a block carries
 * its winner's training state, megabytes for a large model, so the page stops before the block that would take its
 * encoded bytes past the budget — but always gives the first, so a block larger than the whole budget is still
 * served, alone, and a follower paging from {@code next} never stalls.
 */
final class BlockPageBytes {
    /** Encoded bytes one page gives at most, unless its first block alone is larger. */
    static final long MAX_PAGE_BYTES = 32L << 20;

    private BlockPageBytes() {
    }

    /**
     * The encodings of one page, in order, read from {@code encodings} only as far as needed: those whose running
     * total stays within {@code budget}, and at least the first.
     */
    static List<byte[]> take(Iterator<byte[]> encodings, long budget) {
        List<byte[]> page = new ArrayList<>();
        long bytes = 0;
        while (encodings.hasNext()) {
            byte[] encoded = encodings.next();
            if (!page.isEmpty() && bytes + encoded.length > budget) {
                break;
            }
            bytes += encoded.length;
            page.add(encoded);
        }
        return page;
    }
}
