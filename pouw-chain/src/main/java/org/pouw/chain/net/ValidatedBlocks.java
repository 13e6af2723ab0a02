package org.pouw.chain.net;

import java.util.ArrayList;
import java.util.List;
import org.pouw.chain.importing.ImportResult;
import org.pouw.chain.importing.ImportStatus;
import org.pouw.ml.wire.Bytes32;

/**
 * What one import validated: the block and the orphans it connected, in import order, and how many of them moved
 * the tip (a side branch is validated without moving it).
 */
record ValidatedBlocks(List<Bytes32> hashes, int movedTip) {
    static ValidatedBlocks of(ImportResult result) {
        List<Bytes32> valid = new ArrayList<>();
        int moved = collect(result, valid);
        return new ValidatedBlocks(List.copyOf(valid), moved);
    }

    private static int collect(ImportResult result, List<Bytes32> valid) {
        int moved = 0;
        if (result.status() == ImportStatus.ACCEPTED || result.status() == ImportStatus.SIDE_BRANCH) {
            valid.add(result.hash());
            moved += result.status() == ImportStatus.ACCEPTED ? 1 : 0;
        }
        for (ImportResult connected : result.connected()) {
            moved += collect(connected, valid);
        }
        return moved;
    }
}
