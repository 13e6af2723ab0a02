package org.pouw.stark.fri;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.pouw.crypto.Goldilocks;
import org.pouw.stark.StarkVerdict.Reason;
import org.pouw.stark.field.Ext;
import org.pouw.stark.merkle.MerkleBatchVerifier;
import org.pouw.stark.merkle.TableLeaves;
import org.pouw.stark.poly.Horner;
import org.pouw.stark.proof.ExtRowsOpening;
import org.pouw.stark.protocol.FriSchedule;
import org.pouw.stark.protocol.QueryPositions;

/**
 * The verifier side of FRI's query phase. For each query position p with DEEP value v: in each layer, the opened
 * coset through p must contain v at p's place; v becomes the coset's fold with that layer's β; after the last layer
 * v must equal the remainder polynomial at p's point. Layer and remainder sizes were fixed by the schedule, so a
 * remainder of too high a degree cannot even be encoded.
 */
public final class FriVerifier {
    private FriVerifier() {
    }

    /** Empty when every check passes, else the reason for refusing. */
    public static Optional<Reason> verify(FriSchedule schedule, List<byte[]> roots, Ext[] betas, Ext[] remainder,
            int[] positions, Ext[] deepValues, List<ExtRowsOpening> openings) {
        int f = schedule.foldingFactor();
        FriFolding folding = new FriFolding(f);
        Ext[] values = deepValues.clone();
        for (int layer = 0; layer < schedule.layerCount(); layer++) {
            int size = schedule.layerDomainSize(layer);
            int leafCount = size / f;
            int[] leaves = QueryPositions.fold(positions, leafCount);
            ExtRowsOpening opening = openings.get(layer);
            if (opening.rows().length != leaves.length) {
                return Optional.of(Reason.QUERY_COUNT_MISMATCH);
            }
            for (Ext[] coset : opening.rows()) {
                if (coset.length != f) {
                    return Optional.of(Reason.SHAPE_MISMATCH);
                }
            }
            if (!MerkleBatchVerifier.verify(roots.get(layer), Integer.numberOfTrailingZeros(leafCount), leaves,
                    TableLeaves.digestExtRows(opening.rows()), opening.proof())) {
                return Optional.of(Reason.FRI_OPENING_INVALID);
            }
            long offset = schedule.layerOffset(layer);
            long omega = Goldilocks.rootOfUnity(Integer.numberOfTrailingZeros(size));
            for (int q = 0; q < positions.length; q++) {
                int t = positions[q] & (size - 1);
                int leaf = t & (leafCount - 1);
                int k = t / leafCount;
                Ext[] coset = opening.rows()[Arrays.binarySearch(leaves, leaf)];
                if (!coset[k].equals(values[q])) {
                    return Optional.of(Reason.FRI_FOLDING_MISMATCH);
                }
                long x = Goldilocks.mul(offset, Goldilocks.pow(omega, leaf));
                values[q] = folding.fold(coset, Goldilocks.inverse(x), betas[layer]);
            }
        }
        int size = schedule.layerDomainSize(schedule.layerCount());
        long offset = schedule.layerOffset(schedule.layerCount());
        long omega = Goldilocks.rootOfUnity(Integer.numberOfTrailingZeros(size));
        for (int q = 0; q < positions.length; q++) {
            long x = Goldilocks.mul(offset, Goldilocks.pow(omega, positions[q] & (size - 1)));
            if (!Horner.evaluate(remainder, remainder[0].field().of(x)).equals(values[q])) {
                return Optional.of(Reason.FRI_REMAINDER_MISMATCH);
            }
        }
        return Optional.empty();
    }
}
