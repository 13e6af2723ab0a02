package org.pouw.cli.chain;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pouw.cli.ClientOptions;
import org.pouw.cli.ExitCodes;
import org.pouw.cli.Printer;
import org.pouw.client.PouwClient;
import org.pouw.client.chain.ChainTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code pouw task list}: the chain's task table on the node's followed tip, with where each task stands. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "The tasks on the chain: poster, escrow, budget left, deadlines and phase.")
final class TaskListCommand implements Callable<Integer> {
    @Mixin
    ClientOptions options;

    @Override
    public Integer call() {
        try (PouwClient client = options.anonymousClient()) {
            ChainNode node = new ChainNode(client);
            long head = node.call(() -> client.chain().head()).height();
            List<ChainTask> tasks = node.call(() -> client.chain().tasks());
            ArrayNode rows = ShownFields.JSON.createArrayNode();
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%d tasks at height %d%n", tasks.size(),
                    head));
            if (!tasks.isEmpty()) {
                text.append(String.format(Locale.ROOT, "%-13s  %-15s  %12s  %12s  %9s  %9s  %9s  %s%n", "task",
                        "poster", "escrow", "budget", "commit_by", "reveal_by", "held_out", "phase"));
            }
            for (ChainTask task : tasks) {
                String phase = TaskPhase.of(task, head);
                rows.add(json(task, phase));
                text.append(String.format(Locale.ROOT, "%-13s  %-15s  %,12d  %,12d  %9s  %9s  %9s  %s%n",
                        Printer.shortId(task.id()), task.poster() == null ? "-" : Printer.shortId(task.poster()),
                        task.escrow(), task.budget(), deadline(task, task.commitBy()),
                        deadline(task, task.revealBy()), deadline(task, task.heldOutBy()), phase));
            }
            ObjectNode json = ShownFields.JSON.createObjectNode().put("height", head);
            json.set("tasks", rows);
            options.printer().print(json, text.toString().stripTrailing());
        }
        return ExitCodes.OK;
    }

    private static String deadline(ChainTask task, long height) {
        return task.filler() ? "-" : Long.toString(height);
    }

    static ObjectNode json(ChainTask task, String phase) {
        ObjectNode row = ShownFields.JSON.createObjectNode().put("id", task.id()).put("poster", task.poster())
                .put("filler", task.filler()).put("escrow", task.escrow()).put("budget", task.budget())
                .put("commit_by", task.commitBy()).put("reveal_by", task.revealBy())
                .put("held_out_by", task.heldOutBy()).put("settled", task.settled()).put("phase", phase);
        return row;
    }
}
