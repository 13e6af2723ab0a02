package org.pouw.stark.fri;

import java.util.ArrayList;
import java.util.List;
import org.pouw.stark.fiatshamir.Transcript;
import org.pouw.stark.field.Ext;
import org.pouw.stark.field.ExtVector;
import org.pouw.stark.merkle.TableLeaves;
import org.pouw.stark.merkle.TableMerkleTree;
import org.pouw.stark.poly.Ntt;
import org.pouw.stark.proof.ExtRowsOpening;
import org.pouw.stark.protocol.FriSchedule;
import org.pouw.stark.protocol.QueryPositions;

/**
 * The prover side of FRI (Ben-Sasson, Bentov, Horesh, Riabzev, "Fast Reed–Solomon Interactive Oracle Proofs of
 * Proximity", ICALP 2018). Commit phase: commit each layer's cosets, absorb the root, draw the folding challenge β,
 * fold; after L layers send the remainder polynomial's coefficients. Query phase: open every layer's coset through
 * each folded query position.
 */
public final class FriProver {
    private final FriSchedule schedule;
    private final FriFolding folding;
    private final List<ExtVector> layers = new ArrayList<>();
    private final List<TableMerkleTree> trees = new ArrayList<>();
    private Ext[] remainder;

    public FriProver(FriSchedule schedule) {
        this.schedule = schedule;
        this.folding = new FriFolding(schedule.foldingFactor());
    }

    /**
     * Runs the commit phase on the DEEP composition's evaluations over the evaluation domain.
     *
     * @param requireLowDegree when true (always, outside tests that build deliberately bad proofs), a remainder of
     *                         too high a degree is a prover bug and throws
     */
    public void commit(ExtVector evaluations, Transcript transcript, boolean requireLowDegree) {
        int f = schedule.foldingFactor();
        ExtVector current = evaluations;
        for (int layer = 0; layer < schedule.layerCount(); layer++) {
            TableMerkleTree tree = TableMerkleTree.build(current.length() / f, TableLeaves.cosets(current, f));
            transcript.absorb(tree.root());
            Ext beta = transcript.drawExt(current.field());
            layers.add(current);
            trees.add(tree);
            current = folding.foldLayer(current, schedule.layerOffset(layer), beta);
        }
        long offset = schedule.layerOffset(schedule.layerCount());
        int degree = current.degree();
        long[][] parts = new long[degree][];
        for (int part = 0; part < degree; part++) {
            parts[part] = current.part(part).clone();
            Ntt.inverseCoset(parts[part], offset, false);
        }
        ExtVector coefficients = new ExtVector(parts);
        int length = schedule.remainderLength();
        for (int i = length; i < coefficients.length(); i++) {
            if (requireLowDegree && !coefficients.get(i).isZero()) {
                throw new IllegalStateException("FRI remainder has degree ≥ " + length
                        + ": the DEEP composition is not of low degree (the trace does not satisfy the AIR?)");
            }
        }
        remainder = new Ext[length];
        for (int i = 0; i < length; i++) {
            remainder[i] = coefficients.get(i);
        }
        transcript.absorbExt(remainder);
    }

    public List<byte[]> roots() {
        return trees.stream().map(TableMerkleTree::root).toList();
    }

    public Ext[] remainder() {
        return remainder.clone();
    }

    /** Opens, in every layer, the cosets through the query positions (sorted, distinct, in layer 0's domain). */
    public List<ExtRowsOpening> open(int[] positions) {
        int f = schedule.foldingFactor();
        List<ExtRowsOpening> openings = new ArrayList<>();
        for (int layer = 0; layer < layers.size(); layer++) {
            ExtVector values = layers.get(layer);
            int leafCount = values.length() / f;
            int[] leaves = QueryPositions.fold(positions, leafCount);
            Ext[][] cosets = new Ext[leaves.length][f];
            for (int i = 0; i < leaves.length; i++) {
                for (int k = 0; k < f; k++) {
                    cosets[i][k] = values.get(leaves[i] + k * leafCount);
                }
            }
            openings.add(new ExtRowsOpening(cosets, trees.get(layer).open(leaves)));
        }
        return openings;
    }
}
