package org.pouw.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.pouw.client.PouwClient;
import org.pouw.client.jobs.Prover;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import org.pouw.worker.WorkerHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pouw worker stats}: the worker's totals and its history per job (issue 25, defect 9), read from the history
 * file {@code pouw worker} appends to — its own record, across restarts, with no call to the node. With
 * {@code --node}, the node's totals for the key's did are shown beside it (the node's ledger is the authority on
 * money: a reward whose answer was lost, or earned by another worker on the same key, shows there only).
 */
@Command(name = "stats", description = "Show this worker's earnings and its history per job.")
final class WorkerStatsCommand implements Callable<Integer> {
    @Option(names = "--key", paramLabel = "FILE", defaultValue = "${env:POUW_KEY}",
            description = "the worker's key file; its history is beside it unless --history says (env POUW_KEY)")
    Path key;

    @Option(names = "--history", paramLabel = "FILE", description = "the history file 'pouw worker' wrote")
    Path history;

    @Option(names = "--node", paramLabel = "URL", description = "also show the node's totals for the key's did")
    String node;

    @Option(names = "--last", defaultValue = "20", description = "jobs to list, newest last (default ${DEFAULT-VALUE})")
    int last;

    @Option(names = "--json", description = "print JSON for machines")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (history == null && key == null) {
            throw new IllegalArgumentException("say where the history is: --history FILE, or --key FILE for the"
                    + " history beside it");
        }
        if (last < 0) {
            throw new IllegalArgumentException("--last must be >= 0, got " + last);
        }
        Path file = history != null ? history : WorkerCommand.defaultHistory(key);
        List<WorkerHistory.Entry> entries = WorkerHistory.read(file);
        Map<String, Long> byOutcome = new TreeMap<>();
        long earned = 0;
        for (WorkerHistory.Entry entry : entries) {
            byOutcome.merge(entry.outcome(), 1L, Long::sum);
            earned += entry.reward();
        }
        ObjectNode out = JsonMapper.builder().build().createObjectNode();
        out.put("history", file.toString());
        out.put("jobs", entries.size());
        out.put("earned", earned);
        ObjectNode outcomes = out.putObject("outcomes");
        byOutcome.forEach(outcomes::put);
        StringBuilder human = new StringBuilder();
        human.append(entries.size()).append(" job(s) in ").append(file).append(", earned ").append(earned)
                .append('\n');
        byOutcome.forEach((outcome, count) -> human.append("  ").append(outcome).append(": ").append(count)
                .append('\n'));
        ArrayNode items = out.putArray("recent");
        for (WorkerHistory.Entry entry : entries.subList(Math.max(0, entries.size() - last), entries.size())) {
            long tookMs = entry.claimedAtMs() == 0 ? 0 : entry.endedAtMs() - entry.claimedAtMs();
            items.addObject().put("job_id", entry.jobId()).put("kind", entry.kind()).put("attempt", entry.attempt())
                    .put("outcome", entry.outcome()).put("reward", entry.reward())
                    .put("ledger_seq", entry.ledgerSeq()).put("claimed_at_ms", entry.claimedAtMs())
                    .put("ended_at_ms", entry.endedAtMs()).put("took_ms", tookMs).put("detail", entry.detail());
            human.append(String.format("%s  %-10s %-10s %8d  %6d ms  %s%n", Printer.shortId(entry.jobId()),
                    entry.kind(), entry.outcome(), entry.reward(), tookMs, entry.detail()));
        }
        if (node != null) {
            if (key == null) {
                throw new IllegalArgumentException("--node needs --key: the node's totals are the key's did's");
            }
            Ed25519.KeyPair identity = KeyFile.load(key);
            String did = identity.did().toString();
            try (PouwClient client = new PouwClient(URI.create(node), identity, Duration.ofSeconds(30),
                    Clock.system())) {
                Prover prover = client.jobs().provers().stream().filter(p -> p.proverId().equals(did)).findFirst()
                        .orElse(null);
                ObjectNode at = out.putObject("node");
                at.put("url", node).put("did", did);
                if (prover == null) {
                    at.put("registered", false);
                    human.append("the node has no record of ").append(did).append('\n');
                } else {
                    at.put("registered", true).put("jobs_completed", prover.jobsCompleted())
                            .put("jobs_failed", prover.jobsFailed()).put("total_fee_earned", prover.totalFeeEarned());
                    human.append("the node says: ").append(prover.jobsCompleted()).append(" completed, ")
                            .append(prover.jobsFailed()).append(" failed, earned ").append(prover.totalFeeEarned())
                            .append('\n');
                }
            }
        }
        new Printer(json).print(out, human.toString().stripTrailing());
        return ExitCodes.OK;
    }
}
