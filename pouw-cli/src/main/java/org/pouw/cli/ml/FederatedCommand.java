package org.pouw.cli.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.pouw.cli.ExitCodes;
import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.data.Dataset;
import org.pouw.ml.federated.AggregationRule;
import org.pouw.ml.federated.CoordinateMedian;
import org.pouw.ml.federated.FederatedSpec;
import org.pouw.ml.federated.FederatedTraining;
import org.pouw.ml.federated.Krum;
import org.pouw.ml.federated.Mean;
import org.pouw.ml.federated.MultiKrum;
import org.pouw.ml.federated.Poisoning;
import org.pouw.ml.federated.TrimmedMean;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.tensor.ThreadTeam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pouw ml federated}: federated training on this machine — the training set split into one shard per
 * client, each round every client trains a few steps from the global model, and the updates are combined with
 * the chosen rule — with some clients poisoning their updates if asked, to see which rules hold.
 */
@Command(name = "federated", mixinStandardHelpOptions = true,
        description = "Run federated training locally with a robust aggregation rule, optionally with poisoning clients.")
final class FederatedCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Mixin
    TrainingOptions training;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "10", description = "clients, one shard each (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "12", description = "(default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--local-steps", paramLabel = "S", defaultValue = "8",
            description = "steps each client trains per round (default ${DEFAULT-VALUE})")
    int localSteps;

    @Option(names = "--rule", paramLabel = "mean|median|trimmed-mean|krum|multi-krum", defaultValue = "median",
            description = "how the node combines the updates (default ${DEFAULT-VALUE})")
    String rule;

    @Option(names = "--tolerate", paramLabel = "F",
            description = "poisoned clients the rule must withstand: trimmed per side, or Krum's f (default: --poisoned, at least 1)")
    Integer tolerate;

    @Option(names = "--poisoned", paramLabel = "K", defaultValue = "0", description = "clients that poison their updates (default ${DEFAULT-VALUE})")
    int poisoned;

    @Option(names = "--attack", paramLabel = "scaled|sign-flipped|random", defaultValue = "scaled",
            description = "what the poisoned clients send (default ${DEFAULT-VALUE})")
    String attack;

    @Option(names = "--json", description = "print JSON lines (one per round)")
    boolean json;

    @Override
    public Integer call() {
        DataSource source = data.source();
        BadOption.require(clients >= 1 && clients <= 4096, "--clients", "in [1, 4096]", clients);
        BadOption.require(poisoned >= 0 && poisoned < clients, "--poisoned", "in [0, --clients)", poisoned);
        Poisoning poisoning = poisoning();
        AggregationRule aggregation = aggregationRule(tolerate == null ? Math.max(1, poisoned) : tolerate);
        FederatedSpec spec;
        try {
            spec = new FederatedSpec(aggregation, clients, localSteps, rounds);
        } catch (InvalidSpecException e) {
            throw new BadOption("--clients", clients + " clients are too few for " + describe(aggregation)
                    + ", which needs at least " + aggregation.minimumUpdates());
        }
        DatasetLoader.Loaded loaded = DatasetLoader.load(source, training.classes(source));
        List<Dataset> shards = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            shards.add(loaded.train().shard(c, clients));
        }
        TrainingTask task = training.task(loaded, TargetMetric.accuracyAtLeast(0), 0);
        SplittableRandom random = new SplittableRandom(task.seed());
        try (ThreadTeam team = ThreadTeam.single()) {
            FederatedTraining run = new FederatedTraining(task, spec, shards, team);
            if (!json) {
                System.out.printf(Locale.ROOT, "%d clients (%d poisoned, %s), rule %s, %d rounds of %d local steps;"
                                + " %s%n", clients, poisoned, poisoning.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                        describe(aggregation), rounds, localSteps, TrainingOptions.describe(task));
            }
            double accuracy = 0;
            for (int round = 1; round <= rounds; round++) {
                List<float[]> submitted = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    float[] honest = run.localUpdate(c);
                    submitted.add(c < poisoned ? poisoning.apply(honest, random) : honest);
                }
                run.applyRound(submitted);
                accuracy = run.evaluate(loaded.heldOut()).accuracy();
                if (json) {
                    ObjectNode line = MlJson.object().put("event", "round").put("round", round)
                            .put("accuracy", accuracy)
                            .put("rule", describe(aggregation)).put("poisoned", poisoned);
                    System.out.println(MlJson.write(line));
                } else {
                    System.out.printf(Locale.ROOT, "round %3d  held-out accuracy %6.2f %%%n", round, 100 * accuracy);
                }
            }
            if (!json) {
                System.out.printf(Locale.ROOT, "after %d rounds: %.2f %% on %,d held-out records%n", rounds,
                        100 * accuracy, loaded.heldOut().size());
            }
        }
        return ExitCodes.OK;
    }

    static String describe(AggregationRule rule) {
        return switch (rule) {
            case Mean mean -> "mean";
            case CoordinateMedian median -> "median";
            case TrimmedMean trimmed -> "trimmed-mean (" + trimmed.trimmed() + " trimmed per side)";
            case Krum krum -> "krum (f = " + krum.byzantine() + ")";
            case MultiKrum multi -> "multi-krum (f = " + multi.byzantine() + ", m = " + multi.selected() + ")";
        };
    }

    private Poisoning poisoning() {
        if (poisoned == 0) {
            return Poisoning.NONE;
        }
        return switch (attack.strip().toLowerCase(Locale.ROOT)) {
            case "scaled" -> Poisoning.SCALED;
            case "sign-flipped" -> Poisoning.SIGN_FLIPPED;
            case "random" -> Poisoning.RANDOM;
            default -> throw new BadOption("--attack", "must be scaled, sign-flipped or random, got '" + attack + "'");
        };
    }

    private AggregationRule aggregationRule(int f) {
        BadOption.require(f >= 0, "--tolerate", ">= 0", f);
        try {
            return switch (rule.strip().toLowerCase(Locale.ROOT)) {
                case "mean" -> new Mean();
                case "median" -> new CoordinateMedian();
                case "trimmed-mean" -> new TrimmedMean(f);
                case "krum" -> new Krum(f);
                case "multi-krum" -> new MultiKrum(f, Math.max(1, clients - f - 1));
                default -> throw new BadOption("--rule", "must be mean, median, trimmed-mean, krum or multi-krum, got '"
                        + rule + "'");
            };
        } catch (InvalidSpecException | IllegalArgumentException e) {
            if (e instanceof BadOption bad) {
                throw bad;
            }
            throw new BadOption("--tolerate", e.getMessage());
        }
    }
}
