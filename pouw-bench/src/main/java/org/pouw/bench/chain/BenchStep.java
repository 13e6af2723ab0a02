package org.pouw.bench.chain;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.pouw.chain.mining.DistinctRecords;
import org.pouw.chain.mining.ForwardWork;
import org.pouw.chain.mining.LivenessRule;
import org.pouw.chain.mining.MinedStep;
import org.pouw.chain.mining.RecordTraits;
import org.pouw.chain.mining.StepReplay;
import org.pouw.chain.mining.StepVerdict;
import org.pouw.chain.mining.TicketRule;
import org.pouw.chain.mining.Tickets;
import org.pouw.chain.mining.TipKeyedBatch;
import org.pouw.chain.mining.TipKeyedStep;
import org.pouw.crypto.Blake3;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.Architecture;
import org.pouw.ml.model.CnnArchitecture;
import org.pouw.ml.model.Conv2dLayer;
import org.pouw.ml.model.DenseLayer;
import org.pouw.ml.model.Layer;
import org.pouw.ml.model.LayerInputs;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.train.Trainer;
import org.pouw.ml.train.TrainingState;
import org.pouw.ml.wire.Bytes32;

/**
 * One chain training step of a given architecture, set up for timing (docs/chain.md §3.4): a task on dense generated
 * records (no zero feature, so the counted multiply-adds M_t equal the architecture's M_max), a start state two
 * steps in (momentum slots filled), the miner's claim for the next step, and the pieces of that step to time apart —
 * the engine's plain step, the step with the ticket count watching, the miner's whole chain step, the ticket hashes
 * and the validator's replay.
 */
final class BenchStep {
    static final Bytes32 CHAIN = label("bench chain");
    static final Bytes32 MINER = label("bench miner");
    static final Bytes32 TIP = label("bench tip");
    /** U low enough that no step here hits A_step: the count is what it is. */
    static final TicketRule TICKETS = new TicketRule(1_000, 1 << 20);

    final String name;
    final TrainingTask task;
    final Dataset data;
    final byte[] start;
    final MinedStep claim;
    final long counted;
    final StepReplay replay;
    private final ThreadTeam team;

    private BenchStep(String name, Architecture architecture, int batch, Dataset data, ThreadTeam team,
                      Subnormals subnormals) {
        this.name = name;
        this.data = data;
        this.team = team;
        this.task = new TrainingTask(architecture, new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY,
                new SgdMomentum(0.01f, 0.9f), batch), data.root(), label("held out"), 5, 1_000,
                TargetMetric.accuracyAtLeast(0.9), 1);
        TrainingState state = TrainingState.initial(task);
        for (int i = 0; i < 2; i++) {
            TipKeyedStep.take(task, data, state, MINER, TIP, TICKETS, team);
        }
        subnormals.apply(state);
        this.start = state.encode();
        TipKeyedStep step = TipKeyedStep.take(task, data, TrainingState.decode(task, start), MINER, TIP, TICKETS,
                team);
        this.claim = step.mined();
        this.counted = step.countedMultiplyAdds();
        this.replay = new StepReplay(task, data, TICKETS, LivenessRule.DEFAULT, team);
    }

    /** How many parameter words of the dense layers to make subnormal before the timed step. */
    enum Subnormals {
        NONE(0), AT_EPSILON(0.009), HALF(0.5);

        private final double fraction;

        Subnormals(double fraction) {
            this.fraction = fraction;
        }

        void apply(TrainingState state) {
            if (fraction == 0) {
                return;
            }
            int every = (int) Math.round(1 / fraction);
            int word = 0;
            for (Layer layer : state.network().layers()) {
                if (layer instanceof DenseLayer dense) {
                    for (float[] row : dense.weight().value()) {
                        for (int c = 0; c < row.length; c++) {
                            if (++word % every == 0) {
                                // Distinct subnormals, so no two units become identical.
                                row[c] = Float.MIN_VALUE * (1 + word % 4_000_000) * (row[c] < 0 ? -1 : 1);
                            }
                        }
                    }
                }
            }
        }
    }

    static BenchStep mlp(int inputs, int[] hidden, int classes, int batch, ThreadTeam team, Subnormals subnormals,
                         Inputs kind) {
        return mlp(inputs, hidden, classes, batch, Activation.RELU, team, subnormals, kind);
    }

    static BenchStep mlp(int inputs, int[] hidden, int classes, int batch, Activation activation, ThreadTeam team,
                         Subnormals subnormals, Inputs kind) {
        String name = "MLP " + inputs + "-" + String.join("-", Arrays.stream(hidden).mapToObj(Integer::toString)
                .toList()) + "-" + classes + ", batch " + batch + (activation == Activation.RELU ? ""
                : ", " + activation.name().toLowerCase(java.util.Locale.ROOT));
        return new BenchStep(name, MlpArchitecture.of(inputs, Arrays.stream(hidden).boxed().toList(), activation,
                classes), batch, records(4 * batch, inputs, classes, kind), team, subnormals);
    }

    static BenchStep cnn(int side, int filters, int kernel, int hidden, int classes, int batch, ThreadTeam team) {
        String name = "CNN " + side + "×" + side + ", conv " + kernel + "×" + kernel + "×" + filters
                + ", pool 2, dense " + hidden + ", batch " + batch;
        return new BenchStep(name, new CnnArchitecture(side, side, 1, filters, kernel, 2, hidden,
                Activation.RELU, classes), batch, records(4 * batch, side * side, classes,
                Inputs.DENSE), team, Subnormals.NONE);
    }

    /** Record values: dense in [0.05, 1), or every feature subnormal. */
    enum Inputs {
        DENSE, SUBNORMAL
    }

    private static Dataset records(int n, int features, int classes, Inputs kind) {
        SplittableRandom random = new SplittableRandom(n * 31L + features);
        float[][] x = new float[n][features];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(classes);
            for (int j = 0; j < features; j++) {
                x[i][j] = kind == Inputs.DENSE ? (float) (0.05 + 0.95 * random.nextDouble())
                        : Float.MIN_VALUE * (1 + random.nextInt(1 << 20));
            }
        }
        return Dataset.of(x, y, classes);
    }

    int[] batch() {
        return TipKeyedBatch.draw(task.seed(), MINER, TIP, claim.step(), data.size(),
                task.hyperparameters().batchSize());
    }

    /** The engine's step alone. */
    Function<TrainingState, Object> plainStep() {
        int[] batch = batch();
        return state -> new Trainer(task, data, state, team).step(batch, LayerInputs.NONE);
    }

    /**
     * The engine's step with the ticket count watching its forward pass (and the distinct-record key), the batch's
     * record traits known from an earlier step, the weights' non-zero counts recounted.
     */
    Function<TrainingState, Object> countedStep() {
        int[] batch = batch();
        RecordTraits traits = new RecordTraits(data);
        DistinctRecords.firstOfEach(traits, batch);
        return state -> {
            ForwardWork work = new ForwardWork(DistinctRecords.firstOfEach(traits, batch), java.util.Map.of(),
                    traits, batch);
            new Trainer(task, data, state, team).step(batch, work);
            return work;
        };
    }

    /**
     * The ticket count alone, without the step: the distinct-record key and {@code ForwardWork} fed the layer inputs
     * one forward pass of the step recorded. With {@code weightsKnown} the weight rows' non-zero counts are given,
     * as the chain's step has them from the vitals' scan of the start state (that scan's cost is in the liveness
     * figure); without, {@code ForwardWork} recounts them. {@code records} says what is known of the batch's records:
     * {@link Records#WARM} is a miner's steady state (its {@code RecordTraits} has seen them at an earlier step),
     * {@link Records#COLD} the first time they are drawn (fingerprints, zero features and convolution windows worked
     * out in the timing), {@link Records#UNCACHED} the count without record traits (as before they existed). Timed
     * directly because the difference of two step timings is lost in the load's noise.
     */
    Function<TrainingState, Object> countingAlone(boolean weightsKnown, Records records) {
        return countingAlone(weightsKnown, records, Layers.ALL);
    }

    /**
     * {@link #countingAlone(boolean, Records)} fed only {@code layers}: the dense and convolution layers' inputs
     * (products counted, their inputs' finite check fused into the same pass) and the distinct records — the ticket
     * count — or only the other layers' inputs, whose one use is the liveness rule's "every activation finite".
     */
    Function<TrainingState, Object> countingAlone(boolean weightsKnown, Records records, Layers layers) {
        int[] batch = batch();
        java.util.List<Object[]> fed = new java.util.ArrayList<>();
        TrainingState recorded = TrainingState.decode(task, start);
        java.util.Map<org.pouw.ml.model.Parameter, int[]> nonZero = new java.util.IdentityHashMap<>();
        for (org.pouw.ml.model.Parameter parameter : recorded.network().parameters()) {
            int[] counts = new int[parameter.rows()];
            for (int r = 0; r < counts.length; r++) {
                for (float w : parameter.value()[r]) {
                    counts[r] += w != 0f ? 1 : 0;
                }
            }
            nonZero.put(parameter, counts);
        }
        new Trainer(task, data, recorded, team).step(batch, (index, layer, input) -> {
            // The first layer is fed the dataset's own record arrays (record traits recognise them); later layers'
            // buffers are reused by the engine, so those are copied.
            float[][] copy = new float[input.length][];
            for (int i = 0; i < input.length; i++) {
                copy[i] = index == 0 ? input[i] : input[i].clone();
            }
            fed.add(new Object[] {index, layer, copy});
        });
        RecordTraits warm = new RecordTraits(data);
        DistinctRecords.firstOfEach(warm, batch);
        return ignored -> {
            boolean[] counted;
            ForwardWork work;
            java.util.Map<org.pouw.ml.model.Parameter, int[]> given = weightsKnown ? nonZero : java.util.Map.of();
            if (records == Records.UNCACHED) {
                float[][] features = new float[batch.length][];
                int[] labels = new int[batch.length];
                for (int i = 0; i < batch.length; i++) {
                    features[i] = data.features(batch[i]);
                    labels[i] = data.label(batch[i]);
                }
                counted = DistinctRecords.firstOfEach(features, labels);
                work = new ForwardWork(counted, given);
            } else {
                RecordTraits traits = records == Records.WARM ? warm : new RecordTraits(data);
                counted = DistinctRecords.firstOfEach(traits, batch);
                work = new ForwardWork(counted, given, traits, batch);
            }
            for (Object[] layerFed : fed) {
                boolean counts = layerFed[1] instanceof DenseLayer || layerFed[1] instanceof Conv2dLayer;
                if (layers == Layers.ALL || counts == (layers == Layers.COUNTED)) {
                    work.fed((Integer) layerFed[0], (Layer) layerFed[1], (float[][]) layerFed[2]);
                }
            }
            if (layers != Layers.FINITE_ONLY && work.multiplyAdds() * TicketRule.PASSES != counted()) {
                throw new AssertionError("counting alone gave " + work.multiplyAdds() + ", the step "
                        + counted() / TicketRule.PASSES);
            }
            return work;
        };
    }

    /** Which layers' inputs a timed count is fed. */
    enum Layers {
        ALL, COUNTED, FINITE_ONLY
    }

    /** What a timed count knows of the batch's records beforehand. */
    enum Records {
        WARM, COLD, UNCACHED
    }

    private long counted() {
        return counted;
    }

    /**
     * The miner's whole chain step: batch draw, count, state hashes, vitals, leaf — with the batch's record traits
     * known from earlier steps, as in a miner's {@code ChainTrainer}.
     */
    Function<TrainingState, Object> minersStep() {
        RecordTraits traits = new RecordTraits(data);
        return state -> TipKeyedStep.take(task, traits, state, MINER, TIP, TICKETS, team);
    }

    /** Hashing {@code tickets} tickets of the step, as a miner does to find a winner (here: none wins). */
    Function<TrainingState, Object> ticketHashes(int tickets) {
        Bytes32 leaf = claim.leafHash();
        return ignored -> {
            Bytes32 last = leaf;
            for (int j = 0; j < tickets; j++) {
                last = Tickets.ticket(CHAIN, leaf, TIP, MINER, j);
            }
            return last;
        };
    }

    /** The validator's replay of the claimed step, decode of the start state included. */
    Function<TrainingState, Object> validatorsReplay() {
        return ignored -> replay.check(start, MINER, TIP, claim);
    }

    /** A replay without the chain's checks: decode, state hash, batch draw, the engine's step, state hash. */
    Function<TrainingState, Object> bareReplay() {
        return ignored -> {
            TrainingState state = TrainingState.decode(task, start);
            state.hash(team);
            new Trainer(task, data, state, team).step(batch(), LayerInputs.NONE);
            return state.hash(team);
        };
    }

    StepVerdict verdict() {
        return replay.check(start, MINER, TIP, claim);
    }

    /**
     * The median of the CPU-time differences {@code second − first} over {@code reps} pairs, the two run back to back
     * on fresh copies of the start state (after {@code warmUps} untimed pairs), in ms. Pairing cancels the load's
     * drift between two separately timed medians, which on a loaded machine is as large as the few per cent measured.
     */
    double pairedDifference(Function<TrainingState, Object> first, Function<TrainingState, Object> second, int warmUps,
                            int reps) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        return pairedDifference(first, second, warmUps, reps, cpu::getCurrentThreadCpuTime);
    }

    /**
     * {@link #pairedDifference(Function, Function, int, int)} on the wall clock: for a team of more than one thread,
     * whose helpers' work the calling thread's CPU time does not see.
     */
    double pairedWallDifference(Function<TrainingState, Object> first, Function<TrainingState, Object> second,
                                int warmUps, int reps) {
        return pairedDifference(first, second, warmUps, reps, System::nanoTime);
    }

    private double pairedDifference(Function<TrainingState, Object> first, Function<TrainingState, Object> second,
                                    int warmUps, int reps, LongSupplier nanos) {
        double[] difference = new double[reps];
        Object sink = null;
        for (int r = -warmUps; r < reps; r++) {
            TrainingState one = TrainingState.decode(task, start);
            TrainingState other = TrainingState.decode(task, start);
            long begin = nanos.getAsLong();
            sink = first.apply(one);
            long middle = nanos.getAsLong();
            sink = second.apply(other) == null ? null : sink;
            long end = nanos.getAsLong();
            if (r >= 0) {
                difference[r] = ((end - middle) - (middle - begin)) / 1e6;
            }
        }
        if (sink == null) {
            throw new AssertionError("a timed step returned nothing");
        }
        Arrays.sort(difference);
        return difference[reps / 2];
    }

    /** Median times of a timed piece: wall clock and the calling thread's CPU time, in ms. */
    record Timing(double wall, double cpu) {
    }

    /**
     * The median wall and CPU times of {@code reps} runs of {@code step}, after {@code warmUps} untimed runs, each on
     * a fresh copy of the start state decoded outside the timing. On one thread the engine runs on the caller, so the
     * CPU figure is the step's own and stays put while other work shares the cores; the wall figure follows the load.
     */
    Timing time(Function<TrainingState, Object> step, int warmUps, int reps) {
        return time(step, warmUps, reps, 1);
    }

    /**
     * {@link #time(Function, int, int)} with each timed run calling {@code step} {@code inner} times on the same
     * state, per call: for pieces whose data a real step has in cache (the count reads the layer inputs the forward
     * pass has just written), where a state decoded before every call would have evicted them.
     */
    Timing time(Function<TrainingState, Object> step, int warmUps, int reps, int inner) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        double[] wall = new double[reps];
        double[] own = new double[reps];
        Object sink = null;
        for (int r = -warmUps; r < reps; r++) {
            TrainingState state = TrainingState.decode(task, start);
            long cpuBegin = cpu.getCurrentThreadCpuTime();
            long begin = System.nanoTime();
            for (int i = 0; i < inner; i++) {
                sink = step.apply(state);
            }
            long elapsed = System.nanoTime() - begin;
            long cpuElapsed = cpu.getCurrentThreadCpuTime() - cpuBegin;
            if (r >= 0) {
                wall[r] = elapsed / 1e6 / inner;
                own[r] = cpuElapsed / 1e6 / inner;
            }
        }
        if (sink == null) {
            throw new AssertionError("the timed step returned nothing");
        }
        Arrays.sort(wall);
        Arrays.sort(own);
        return new Timing(wall[reps / 2], own[reps / 2]);
    }

    static Bytes32 label(String text) {
        return Bytes32.of(Blake3.hash(text.getBytes(StandardCharsets.UTF_8)));
    }
}
