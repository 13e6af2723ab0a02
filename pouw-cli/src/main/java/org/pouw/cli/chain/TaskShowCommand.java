package org.pouw.cli.chain;

import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.pouw.cli.ClientOptions;
import org.pouw.cli.ExitCodes;
import org.pouw.cli.ml.TrainingOptions;
import org.pouw.client.PouwClient;
import org.pouw.client.chain.ChainPayout;
import org.pouw.client.chain.ChainSettlement;
import org.pouw.client.chain.ChainTask;
import org.pouw.client.chain.ChainTaskDetail;
import org.pouw.client.chain.ChainTaskMiner;
import org.pouw.client.chain.ChainTaskReveal;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.wire.EncodingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pouw task status <id>}: one task as the node's state holds it — escrow and budget, deadlines and phase, the
 * training parameters, its miners with their blocks, commitments and reveals (with held-out accuracy once the
 * held-out set is revealed) and the settlement's payouts.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "One task: budget, deadlines, miners, commitments, reveals with held-out accuracy, settlement.")
final class TaskShowCommand implements Callable<Integer> {
    @Mixin
    ClientOptions options;

    @Parameters(paramLabel = "ID", description = "the task id: the id of its pay_for_task transaction")
    String id;

    @Override
    public Integer call() {
        String wanted = id.strip().toLowerCase(Locale.ROOT);
        if (!BlockShowCommand.HASH.matcher(wanted).matches()) {
            throw new IllegalArgumentException("ID: '" + id + "' is not a task id (64 hex digits)");
        }
        try (PouwClient client = options.anonymousClient()) {
            ChainNode node = new ChainNode(client);
            long head = node.call(() -> client.chain().head()).height();
            ChainTaskDetail detail = node.call(() -> client.chain().task(wanted));
            ChainTask task = detail.task();
            String phase = TaskPhase.of(task, head);
            ObjectNode json = detail.json().isObject() ? ((ObjectNode) detail.json()).deepCopy()
                    : ShownFields.JSON.createObjectNode();
            json.put("phase", phase).put("height", head);
            options.printer().print(json, text(detail, phase, head));
        }
        return ExitCodes.OK;
    }

    static String text(ChainTaskDetail detail, String phase, long head) {
        ChainTask task = detail.task();
        StringBuilder out = new StringBuilder();
        out.append("task ").append(task.id()).append('\n');
        line(out, "phase", phase + " (head at " + head + ")");
        line(out, "poster", task.poster() == null ? "- (filler task)" : task.poster());
        line(out, "escrow", String.format(Locale.ROOT, "%,d", task.escrow()));
        line(out, "budget left", String.format(Locale.ROOT, "%,d", task.budget()));
        if (!task.filler()) {
            line(out, "commits until", Long.toString(task.commitBy()));
            line(out, "reveals until", Long.toString(task.revealBy()));
            line(out, "held-out until", Long.toString(task.heldOutBy()));
        }
        line(out, "settled", task.settled() ? "yes" : "no");
        if (detail.parameters().isObject()) {
            out.append("parameters\n");
            training(detail.parameters().path("task")).ifPresent(described -> line(out, "  training", described));
            for (Map.Entry<String, JsonNode> field : detail.parameters().properties()) {
                if (!field.getKey().equals("task")) {   // the encoded task, for programs; --json carries it
                    line(out, "  " + field.getKey().replace('_', ' '), plain(field.getValue()));
                }
            }
        }
        out.append("miners (").append(detail.miners().size()).append(")\n");
        for (ChainTaskMiner miner : detail.miners()) {
            out.append(String.format(Locale.ROOT, "  %s  %,d blocks  %s%s%n", miner.did(), miner.blocks(),
                    miner.commitment() == null ? "not committed" : "committed at " + miner.committedAt(),
                    miner.revealed() ? ", revealed" : ""));
        }
        settlement(out, detail);
        return out.toString().stripTrailing();
    }

    /**
     * The revealed models by rank with their held-out accuracy (a percentage) and loss, and what settlement paid each
     * and burnt — nothing until the task is settled.
     */
    private static void settlement(StringBuilder out, ChainTaskDetail detail) {
        Optional<ChainSettlement> settled = detail.settlement();
        if (settled.isEmpty()) {
            return;
        }
        ChainSettlement settlement = settled.get();
        Map<String, Long> paid = new HashMap<>();
        settlement.payouts().forEach(payout -> paid.merge(payout.did(), payout.amount(), Long::sum));
        out.append("reveals (").append(detail.reveals().size()).append(")\n");
        for (ChainTaskReveal reveal : detail.reveals()) {
            String score = reveal.accuracy() == null ? "no held-out set"
                    : String.format(Locale.ROOT, "accuracy %.2f %%  loss %s", 100 * reveal.accuracy(),
                    reveal.loss() == null ? "-" : String.format(Locale.ROOT, "%.4f", reveal.loss()));
            out.append(String.format(Locale.ROOT, "  #%d  %s  %s  paid %,d%n", reveal.rank(), reveal.did(), score,
                    paid.getOrDefault(reveal.did(), 0L)));
        }
        line(out, "settled at", "block " + settlement.height() + (settlement.byHeldOut()
                ? " (ranked on the held-out set)" : " (held-out set not revealed: split equally)"));
        out.append("payouts (").append(settlement.payouts().size()).append(")\n");
        for (ChainPayout payout : settlement.payouts()) {
            out.append(String.format(Locale.ROOT, "  %s  %,d%n", payout.did(), payout.amount()));
        }
        line(out, "burnt", String.format(Locale.ROOT, "%,d", settlement.burnt()));
    }

    /** The task's training in {@code pouw ml}'s words, from the encoded task the node gives beside the summary. */
    private static Optional<String> training(JsonNode encoded) {
        if (!encoded.isString()) {
            return Optional.empty();
        }
        try {
            return Optional.of(TrainingOptions.describe(TrainingTask.decode(
                    Base64.getDecoder().decode(encoded.asString()))));
        } catch (IllegalArgumentException | EncodingException e) {
            return Optional.empty();   // shown as the node's summary only
        }
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, "%-18s %s%n", label, value));
    }

    /** A JSON value as people read it: strings bare, objects as {@code name value} pairs. */
    static String plain(JsonNode value) {
        if (value.isString()) {
            return value.asString();
        }
        if (value.isObject()) {
            StringBuilder pairs = new StringBuilder();
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                if (!pairs.isEmpty()) {
                    pairs.append("  ");
                }
                pairs.append(field.getKey().replace('_', ' ')).append(' ').append(plain(field.getValue()));
            }
            return pairs.toString();
        }
        return value.toString();
    }
}
