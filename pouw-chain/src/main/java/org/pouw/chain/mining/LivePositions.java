package org.pouw.chain.mining;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.pouw.ml.model.ActivationLayer;
import org.pouw.ml.model.Conv2dLayer;
import org.pouw.ml.model.DropoutLayer;
import org.pouw.ml.model.GeluLayer;
import org.pouw.ml.model.LastPositionLayer;
import org.pouw.ml.model.Layer;
import org.pouw.ml.model.LayerNormLayer;
import org.pouw.ml.model.Network;
import org.pouw.ml.model.ResidualLayer;
import org.pouw.ml.model.SelfAttentionLayer;

/**
 * Which layers of a network have only their last position's output read by anything after them (docs/chain.md
 * §3.2, "last position"). A {@link LastPositionLayer} keeps the last position of a sequence and drops the others, so
 * whatever a position-wise layer before it computes at the other positions reaches neither the loss nor a gradient:
 * a miner can skip those products and still produce the end state bit for bit (their gradient is exactly zero). They
 * must not earn tickets. Walking the network backwards from its output, a last-position layer makes its input
 * "last only"; layers that work on each position alone pass that on to their input — layer normalisation, GELU,
 * element-wise activations, dropout, a 1×1 convolution of stride 1 without padding, a residual block whose body and
 * shortcut are all such layers; self-attention is last only on its output side (the queries, scores, context and
 * output projection of the other positions are dead) but reads every position's keys and values, so its input is
 * live everywhere; every other layer (batch normalisation's batch statistics, wider convolutions, pooling, dense
 * layers, embeddings) makes its input live everywhere.
 */
public final class LivePositions {
    /** No layer restricted: for networks without a last-position layer. */
    static final LivePositions EVERYWHERE = new LivePositions(Set.of(), false);

    private final Set<Layer> lastOnly;
    private final boolean hasLastPosition;

    private LivePositions(Set<Layer> lastOnly, boolean hasLastPosition) {
        this.lastOnly = lastOnly;
        this.hasLastPosition = hasLastPosition;
    }

    /** The analysis of {@code network}'s layers, residual blocks' own layers included. */
    public static LivePositions of(Network network) {
        Set<Layer> lastOnly = Collections.newSetFromMap(new IdentityHashMap<>());
        boolean[] seen = new boolean[1];
        walk(network.layers(), false, lastOnly, seen);
        return new LivePositions(Collections.unmodifiableSet(lastOnly), seen[0]);
    }

    /** Whether only the last position of {@code layer}'s output is read after it. */
    public boolean lastOnly(Layer layer) {
        return lastOnly.contains(layer);
    }

    /** Whether the network has a last-position layer at all (an analysis without one was not made for it). */
    boolean knowsLastPosition() {
        return hasLastPosition;
    }

    /** Walks {@code layers} from the end with the output last only or not; returns whether their input is. */
    private static boolean walk(List<Layer> layers, boolean outputLastOnly, Set<Layer> lastOnly, boolean[] seen) {
        boolean live = outputLastOnly;
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer layer = layers.get(i);
            if (live) {
                lastOnly.add(layer);
            }
            live = inputLastOnly(layer, live, lastOnly, seen);
        }
        return live;
    }

    private static boolean inputLastOnly(Layer layer, boolean outputLastOnly, Set<Layer> lastOnly, boolean[] seen) {
        return switch (layer) {
            case LastPositionLayer ignored -> {
                seen[0] = true;
                yield true;
            }
            case SelfAttentionLayer ignored -> false;
            case LayerNormLayer ignored -> outputLastOnly;
            case GeluLayer ignored -> outputLastOnly;
            case ActivationLayer ignored -> outputLastOnly;
            case DropoutLayer ignored -> outputLastOnly;
            case Conv2dLayer conv when conv.kernel() == 1 && conv.stride() == 1 && conv.padding() == 0 ->
                    outputLastOnly;
            case ResidualLayer block -> {
                boolean body = walk(block.body(), outputLastOnly, lastOnly, seen);
                boolean shortcut = walk(block.shortcut(), outputLastOnly, lastOnly, seen);
                yield body && shortcut;
            }
            default -> false;
        };
    }
}
