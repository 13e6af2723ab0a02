package org.pouw.stark.fri;

import java.util.ArrayList;
import java.util.List;
import org.pouw.stark.field.Fp2;
import org.pouw.stark.field.Fp2Vector;
import org.pouw.stark.fiatshamir.Transcript;
import org.pouw.stark.merkle.MerkleTree;
import org.pouw.stark.merkle.TableLeaves;
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
    private final List<Fp2Vector> layers = new ArrayList<>();
    private final List<MerkleTree> trees = new ArrayList<>();
    private Fp2[] remainder;

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
    public void commit(Fp2Vector evaluations, Transcript transcript, boolean requireLowDegree) {
        int f = schedule.foldingFactor();
        Fp2Vector current = evaluations;
        for (int layer = 0; layer < schedule.layerCount(); layer++) {
            MerkleTree tree = MerkleTree.build(current.length() / f, TableLeaves.cosets(current, f));
            transcript.absorb(tree.root());
            Fp2 beta = transcript.drawExt();
            layers.add(current);
            trees.add(tree);
            current = folding.foldLayer(current, schedule.layerOffset(layer), beta);
        }
        long offset = schedule.layerOffset(schedule.layerCount());
        long[] c0 = current.c0().clone();
        long[] c1 = current.c1().clone();
        Ntt.inverseCoset(c0, offset, false);
        Ntt.inverseCoset(c1, offset, false);
        int length = schedule.remainderLength();
        for (int i = length; i < c0.length; i++) {
            if (requireLowDegree && (c0[i] != 0 || c1[i] != 0)) {
                throw new IllegalStateException("FRI remainder has degree ≥ " + length
                        + ": the DEEP composition is not of low degree (the trace does not satisfy the AIR?)");
            }
        }
        remainder = new Fp2[length];
        for (int i = 0; i < length; i++) {
            remainder[i] = new Fp2(c0[i], c1[i]);
        }
        transcript.absorbFp2(remainder);
    }

    public List<byte[]> roots() {
        return trees.stream().map(MerkleTree::root).toList();
    }

    public Fp2[] remainder() {
        return remainder.clone();
    }

    /** Opens, in every layer, the cosets through the query positions (sorted, distinct, in layer 0's domain). */
    public List<ExtRowsOpening> open(int[] positions) {
        int f = schedule.foldingFactor();
        List<ExtRowsOpening> openings = new ArrayList<>();
        for (int layer = 0; layer < layers.size(); layer++) {
            Fp2Vector values = layers.get(layer);
            int leafCount = values.length() / f;
            int[] leaves = QueryPositions.fold(positions, leafCount);
            Fp2[][] cosets = new Fp2[leaves.length][f];
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
