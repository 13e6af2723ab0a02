package org.pouw.chain.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pouw.chain.mining.MiningFixtures.MINER;
import static org.pouw.chain.mining.MiningFixtures.TIP;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Conv2dLayer;
import org.pouw.ml.model.DenseLayer;
import org.pouw.ml.model.GeluLayer;
import org.pouw.ml.model.Layer;
import org.pouw.ml.model.LayerNormLayer;
import org.pouw.ml.model.LayerSpec;
import org.pouw.ml.model.Network;
import org.pouw.ml.model.Parameter;
import org.pouw.ml.model.Pass;
import org.pouw.ml.model.Presets;
import org.pouw.ml.model.ResidualLayer;
import org.pouw.ml.model.SelfAttentionLayer;
import org.pouw.ml.model.StackArchitecture;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.TrainingState;

/**
 * Tickets for self-attention and last-position layers (docs/chain.md §3.2, task tags 12 and 13): an attention layer
 * counts its projections, scores, context and output projection with both operands non-zero, exactly as a
 * product-by-product reference counts them from the layer's own operands; behind a last-position layer only the
 * last position's products count, since the others reach neither the loss nor a gradient. Before, attention counted
 * nothing (a transformer task under-credited) while the feed-forward convolutions of the last block counted every
 * position (over-credited by the products a miner can skip).
 */
class AttentionPricingTest {
    private static final Pass TRAINING = new Pass(true, 0L, ThreadTeam.single());
    private static final int CONTEXT = 6;
    private static final int VOCABULARY = 11;

    /** Two pre-norm blocks of causal attention, width 8, 2 heads, over 6 tokens of 11: the preset, small. */
    private static StackArchitecture transformer() {
        return Presets.transformer(CONTEXT, VOCABULARY, 8, 2, 2);
    }

    /** Token windows, the label the token after them; a fifth of the windows repeat a token in every position. */
    private static Dataset tokens(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] x = new float[n][CONTEXT];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < CONTEXT; t++) {
                x[i][t] = i % 5 == 0 ? 1 + i % 7 : random.nextInt(VOCABULARY);
            }
            y[i] = random.nextInt(VOCABULARY);
        }
        return Dataset.of(x, y, VOCABULARY);
    }

    /**
     * The golden vector of docs/chain.md §3.2, by hand: on a sample with every operand non-zero, a causal layer of P
     * positions and width W counts 4PW² + P(P + 1)W, and read at its last position only 2PW² + 2W² + 2PW.
     */
    @Test
    void aSampleWithEveryOperandNonZeroCountsTheClosedForm() {
        int positions = 4;
        int width = 8;
        StackArchitecture stack = new StackArchitecture(1, positions, width,
                List.of(new LayerSpec.Attention(2, true), new LayerSpec.GlobalAvgPool(), new LayerSpec.Dense(3)));
        StackArchitecture last = new StackArchitecture(1, positions, width,
                List.of(new LayerSpec.Attention(2, true), new LayerSpec.LastPosition(), new LayerSpec.Dense(3)));
        float[][] batch = denseRows(2, positions * width, 5);
        boolean[] counted = {true, false};

        long everywhere = attentionOnly(stack, batch, counted);
        long lastOnly = attentionOnly(last, batch, counted);

        assertThat(everywhere).isEqualTo(4L * positions * width * width + (long) positions * (positions + 1) * width)
                .isEqualTo(1_184);
        assertThat(lastOnly).isEqualTo(2L * positions * width * width + 2L * width * width + 2L * positions * width)
                .isEqualTo(704);
    }

    /** The non-causal layer attends to every position: 4PW² + 2P²W. */
    @Test
    void aNonCausalSampleCountsEveryPair() {
        StackArchitecture stack = new StackArchitecture(1, 5, 4,
                List.of(new LayerSpec.Attention(4, false), new LayerSpec.GlobalAvgPool(), new LayerSpec.Dense(3)));
        float[][] batch = denseRows(1, 20, 9);

        assertThat(attentionOnly(stack, batch, new boolean[] {true}))
                .isEqualTo(4L * 5 * 4 * 4 + 2L * 5 * 5 * 4);
    }

    /** A transformer with zeroed weights and repeated tokens: the count is the reference's, product by product. */
    @Test
    void aTransformerCountsExactlyTheReferenceProducts() {
        Network network = transformer().build();
        network.initialise(17);
        zeroSome(network, 6);
        float[][] batch = rows(tokens(5, 3));
        boolean[] counted = {true, true, false, true, true};

        ForwardWork work = new ForwardWork(counted, Map.of(), null, null, LivePositions.of(network));
        network.forward(batch, TRAINING, work);
        long reference = referenceProducts(network, batch, counted, lastBlockByHand(network));

        assertThat(reference).isPositive();
        assertThat(work.multiplyAdds()).isEqualTo(reference);
        assertThat(work.finite()).isTrue();
    }

    /**
     * Fails if attention goes uncounted again: the attention layers' own products are a large part of the
     * transformer's count, and the count is the dense and convolution products plus exactly those.
     */
    @Test
    void theAttentionLayersEarnTheirProducts() {
        Network network = transformer().build();
        network.initialise(23);
        float[][] batch = rows(tokens(4, 8));
        boolean[] counted = {true, true, true, true};
        Set<Layer> lastOnly = lastBlockByHand(network);

        long all = referenceProducts(network, batch, counted, lastOnly);
        long attention = referenceAttention(network, batch, counted, lastOnly);
        ForwardWork work = new ForwardWork(counted, Map.of(), null, null, LivePositions.of(network));
        network.forward(batch, TRAINING, work);

        assertThat(attention).as("attention's share of the products").isGreaterThan(all / 10);
        assertThat(work.multiplyAdds()).isEqualTo(all);
    }

    /**
     * The over-credit closed: the last block's feed-forward convolutions, behind the last-position layer, used to be
     * paid at every position though only the last reaches the loss. Now they count one position's products.
     */
    @Test
    void productsNobodyReadsBehindTheLastPositionEarnNothing() {
        Network network = transformer().build();
        network.initialise(29);
        float[][] batch = rows(tokens(3, 4));
        boolean[] counted = {true, true, true};
        Set<Layer> lastOnly = lastBlockByHand(network);

        long paid = referenceProducts(network, batch, counted, lastOnly);
        long everyPosition = referenceProducts(network, batch, counted, Set.of());
        ForwardWork work = new ForwardWork(counted, Map.of(), null, null, LivePositions.of(network));
        network.forward(batch, TRAINING, work);

        assertThat(everyPosition - paid).as("dead products of the last block").isGreaterThan(paid / 10);
        assertThat(work.multiplyAdds()).isEqualTo(paid);
        assertThat(LivePositions.of(network).lastOnly(network.layers().get(1))).isFalse();
    }

    @Test
    void aNetworkWithALastPositionLayerIsNotCountedWithoutItsLivePositions() {
        Network network = transformer().build();
        network.initialise(1);
        ForwardWork blind = new ForwardWork(new boolean[] {true});

        assertThatThrownBy(() -> network.forward(rows(tokens(1, 1)), TRAINING, blind))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("LivePositions");
    }

    /** The chain's own step on a transformer task: counted as the reference counts (× 3), and its replay accepted. */
    @Test
    void anHonestTransformerStepIsCountedAndItsReplayAccepted() {
        Dataset data = tokens(64, 6);
        TrainingTask task = MiningFixtures.task(transformer(), new SgdMomentum(0.05f, 0.9f), 8, data, 1_000);
        TrainingState state = MiningFixtures.trained(task, data, 3);
        byte[] start = state.encode();

        MinedStep claim = MiningFixtures.claim(task, data, start, TIP);
        StepVerdict verdict = MiningFixtures.replay(task, data).check(start, MINER, TIP, claim);

        assertThat(verdict.refusal()).isNull();
        int[] drawn = TipKeyedBatch.draw(task.seed(), MINER, TIP, state.stepsDone(), data.size(),
                task.hyperparameters().batchSize());
        float[][] batch = new float[drawn.length][];
        for (int i = 0; i < drawn.length; i++) {
            batch[i] = data.features(drawn[i]);
        }
        boolean[] counted = DistinctRecords.firstOfEach(new RecordTraits(data), drawn);
        Network network = TrainingState.decode(task, start).network();
        long reference = referenceProducts(network, batch, counted, lastBlockByHand(network));
        assertThat(verdict.replay().countedMultiplyAdds()).isEqualTo(TicketRule.countedMultiplyAdds(reference));
    }

    @Test
    void identicalValueChannelsAreSymmetricUnits() {
        Network network = transformer().build();
        network.initialise(31);
        assertThat(SymmetricUnits.present(network)).isFalse();

        SelfAttentionLayer attention = attentionLayers(network).get(1);
        float[][] wv = attention.projections().get(4).value();
        float[] bv = attention.projections().get(5).value()[0];
        for (float[] row : wv) {
            row[5] = row[2];
        }
        bv[5] = bv[2];

        assertThat(SymmetricUnits.present(network)).isTrue();
    }

    // --- the reference: the definition, product by product, the dead positions named by hand ---

    /**
     * The layers of the preset's last two blocks whose output only matters at the last position, read off its
     * structure: the last attention block's attention (its input is read at every position, for keys and values),
     * and the last feed-forward block's layer norm, convolutions and GELU, then the final layer norm.
     */
    private static Set<Layer> lastBlockByHand(Network network) {
        List<Layer> layers = network.layers();
        Set<Layer> lastOnly = Collections.newSetFromMap(new IdentityHashMap<>());
        ResidualLayer lastAttentionBlock = (ResidualLayer) layers.get(layers.size() - 5);
        ResidualLayer lastFeedForward = (ResidualLayer) layers.get(layers.size() - 4);
        lastOnly.add(lastAttentionBlock.body().get(1));
        lastOnly.addAll(lastFeedForward.body());
        lastOnly.add(layers.get(layers.size() - 3));
        assertThat(lastAttentionBlock.body().get(1)).isInstanceOf(SelfAttentionLayer.class);
        assertThat(lastFeedForward.body()).hasExactlyElementsOfTypes(LayerNormLayer.class, Conv2dLayer.class,
                GeluLayer.class, Conv2dLayer.class);
        return lastOnly;
    }

    private static long referenceProducts(Network network, float[][] batch, boolean[] counted, Set<Layer> lastOnly) {
        return walk(network, batch, counted, lastOnly, false);
    }

    private static long referenceAttention(Network network, float[][] batch, boolean[] counted, Set<Layer> lastOnly) {
        return walk(network, batch, counted, lastOnly, true);
    }

    private static long walk(Network network, float[][] batch, boolean[] counted, Set<Layer> lastOnly,
                             boolean attentionOnly) {
        long total = 0;
        float[][] x = batch;
        for (Layer layer : network.layers()) {
            if (layer instanceof ResidualLayer block) {
                for (List<Layer> branch : List.of(block.body(), block.shortcut())) {
                    float[][] h = x;
                    for (Layer inner : branch) {
                        float[][] out = copy(inner.forward(h, TRAINING));
                        total += products(inner, h, counted, lastOnly.contains(inner), attentionOnly);
                        h = out;
                    }
                }
            } else {
                float[][] in = x;
                x = copy(layer.forward(x, TRAINING));
                total += products(layer, in, counted, lastOnly.contains(layer), attentionOnly);
                continue;
            }
            x = copy(layer.forward(x, TRAINING));
        }
        return total;
    }

    /** Called after {@code layer} ran forward on {@code input}, so an attention layer's operands are its own. */
    private static long products(Layer layer, float[][] input, boolean[] counted, boolean lastOnly,
                                 boolean attentionOnly) {
        long total = 0;
        for (int i = 0; i < input.length; i++) {
            if (!counted[i]) {
                continue;
            }
            if (layer instanceof SelfAttentionLayer attention) {
                total += attentionProducts(attention, i, input[i], lastOnly);
            } else if (attentionOnly) {
                continue;
            } else if (layer instanceof DenseLayer dense) {
                total += matrixProducts(input[i], 0, input[i].length, dense.weight().value());
            } else if (layer instanceof Conv2dLayer conv) {
                assertThat(conv.kernel()).as("the transformer's convolutions are position-wise").isEqualTo(1);
                int c = conv.channels();
                int positions = input[i].length / c;
                for (int t = lastOnly ? positions - 1 : 0; t < positions; t++) {
                    total += matrixProducts(input[i], t * c, c, conv.weight().value());
                }
            }
        }
        return total;
    }

    /** Products of x[from, from + n) with the weight rows they meet, entry by entry. */
    private static long matrixProducts(float[] x, int from, int n, float[][] w) {
        long total = 0;
        for (int r = 0; r < n; r++) {
            for (float weight : w[r]) {
                total += x[from + r] != 0f && weight != 0f ? 1 : 0;
            }
        }
        return total;
    }

    /** Every product the layer's loops make for sample i, the query side at the live positions only. */
    private static long attentionProducts(SelfAttentionLayer layer, int i, float[] x, boolean lastOnly) {
        int p = layer.positions();
        int w = layer.width();
        int d = w / layer.heads();
        List<Parameter> projections = layer.projections();
        float[] q = layer.lastQueries()[i];
        float[] k = layer.lastKeys()[i];
        float[] v = layer.lastValues()[i];
        float[] probabilities = layer.lastProbabilities()[i];
        float[] context = layer.lastContexts()[i];
        long total = 0;
        for (int t = 0; t < p; t++) {
            boolean live = !lastOnly || t == p - 1;
            total += matrixProducts(x, t * w, w, projections.get(2).value());
            total += matrixProducts(x, t * w, w, projections.get(4).value());
            if (!live) {
                continue;
            }
            total += matrixProducts(x, t * w, w, projections.get(0).value());
            for (int h = 0; h < layer.heads(); h++) {
                for (int u = 0; u <= (layer.causal() ? t : p - 1); u++) {
                    float probability = probabilities[(h * p + t) * p + u];
                    for (int c = h * d; c < (h + 1) * d; c++) {
                        total += q[t * w + c] != 0f && k[u * w + c] != 0f ? 1 : 0;
                        total += probability != 0f && v[u * w + c] != 0f ? 1 : 0;
                    }
                }
            }
            total += matrixProducts(context, t * w, w, projections.get(6).value());
        }
        return total;
    }

    /** The count of the attention layer alone (the dense layer's products taken off). */
    private static long attentionOnly(StackArchitecture stack, float[][] batch, boolean[] countedRows) {
        Network network = stack.build();
        network.initialise(41);
        ForwardWork work = new ForwardWork(countedRows, Map.of(), null, null, LivePositions.of(network));
        network.forward(batch, TRAINING, work);
        long counted = work.multiplyAdds();
        DenseLayer dense = (DenseLayer) network.layers().get(2);
        float[][] pooled = network.layers().get(1).forward(network.layers().get(0).forward(batch, TRAINING), TRAINING);
        long denseProducts = 0;
        for (int i = 0; i < batch.length; i++) {
            if (countedRows[i]) {
                denseProducts += matrixProducts(pooled[i], 0, pooled[i].length, dense.weight().value());
            }
        }
        return counted - denseProducts;
    }

    private static List<SelfAttentionLayer> attentionLayers(Network network) {
        return network.layers().stream().filter(ResidualLayer.class::isInstance)
                .flatMap(layer -> ((ResidualLayer) layer).body().stream())
                .filter(SelfAttentionLayer.class::isInstance).map(SelfAttentionLayer.class::cast).toList();
    }

    /** Rows of values in [0.5, 1.5) or their negatives: no operand is zero. */
    private static float[][] denseRows(int n, int width, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] rows = new float[n][width];
        for (float[] row : rows) {
            for (int j = 0; j < width; j++) {
                row[j] = (float) ((0.5 + random.nextDouble()) * (random.nextBoolean() ? 1 : -1));
            }
        }
        return rows;
    }

    private static float[][] rows(Dataset data) {
        float[][] rows = new float[data.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = data.features(i);
        }
        return rows;
    }

    /** Zeroes every {@code every}-th word of every parameter, so zero weights are part of what is counted. */
    private static void zeroSome(Network network, int every) {
        int at = 0;
        for (var parameter : network.parameters()) {
            for (float[] row : parameter.value()) {
                for (int j = 0; j < row.length; j++) {
                    if (at++ % every == 0) {
                        row[j] = 0f;
                    }
                }
            }
        }
    }

    private static float[][] copy(float[][] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i].clone();
        }
        return out;
    }
}
