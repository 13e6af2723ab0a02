package org.pouw.cli;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.pouw.client.EventFollower;
import org.pouw.client.PouwClient;
import org.pouw.client.events.NodeEvent;
import org.pouw.client.intents.IntentCreated;
import org.pouw.client.intents.ProgramIntent;
import org.pouw.client.ledger.FeePool;
import org.pouw.client.ledger.NodeAccount;
import org.pouw.client.ml.MlTaskCreated;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.node.config.PouwMode;
import org.pouw.vm.Samples;
import tools.jackson.databind.JsonNode;

/**
 * {@code pouw node start --demo}: a funded client submits the sample programs and a small training task over the
 * real HTTP API, and the node's event stream is printed as each goes from execution to jobs, claims, verified
 * proofs and rewards.
 */
final class DemoRun {
    /** A sample program, its inputs, and the register its answer lands in. */
    private record Sample(String name, String inputs, String tier, long fee, int resultRegister, String what) {
    }

    private static final Sample[] SAMPLES = {
        new Sample("fibonacci", "30", "macro", 500, 1, "F(30)"),
        new Sample("power", "3,1000", "micro", 900, 2, "3^1000 mod p"),
        new Sample("harmonic", "12", "macro", 300, 1, "H(12) in the field"),
    };

    private final String url;
    private final Ed25519.KeyPair client;
    private final PouwMode mode;
    private final PrintStream out;
    private final Map<String, String> intentNames = new ConcurrentHashMap<>();
    private final Set<String> unproven = ConcurrentHashMap.newKeySet();

    DemoRun(String url, Ed25519.KeyPair client, PouwMode mode, PrintStream out) {
        this.url = url;
        this.client = client;
        this.mode = mode;
        this.out = out;
    }

    void run() throws InterruptedException {
        out.printf("%ndemo: client %s holds %d units from the dev genesis%n", client.did(), NodeCommand.DEMO_FUNDS);
        try (PouwClient api = new PouwClient(URI.create(url), client, Duration.ofSeconds(30), Clock.system())) {
            long after = api.system().status().lastEventSeq();
            EventFollower follower = api.events().follower(after);
            Thread.ofVirtual().name("demo-events").start(() -> follower.follow(this::print));
            for (Sample sample : SAMPLES) {
                IntentCreated created = api.intents().submit(new ProgramIntent(Samples.source(sample.name()),
                        Arrays.asList(sample.inputs().split(",")), 100_000, sample.tier(), sample.fee()));
                String id = created.intentId();
                intentNames.put(id, sample.name());
                if (!created.status().equals("proven")) {
                    unproven.add(id);
                }
                out.printf("demo: %-9s intent %s executed: %d steps, %s = %s; fee %d → %d %s job(s)%n",
                        sample.name(), Printer.shortId(id), created.steps(), sample.what(),
                        created.output().path(sample.resultRegister()).asString(), sample.fee(),
                        created.jobIds().size(), sample.tier());
            }
            MlTaskCreated training = DemoTraining.submit(api);
            String trainingId = training.intentId();
            intentNames.put(trainingId, "ml-train");
            if (!training.status().equals("proven")) {
                unproven.add(trainingId);
            }
            out.printf("demo: ml-train  task %s posted: a 4-16-3 MLP on 320 generated points, %d steps, target"
                    + " accuracy 0.9 on 80 held-out points; fee %d → 1 job, %d steps to be audited%n",
                    Printer.shortId(trainingId), DemoTraining.STEPS, DemoTraining.FEE,
                    training.params().path("audits").asInt());
            if (mode == PouwMode.REMOTE) {
                out.println("demo: pouw_mode=remote, so the jobs wait for workers: run 'pouw worker --node " + url
                        + " --key <file>' in another shell");
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!unproven.isEmpty() && System.nanoTime() < deadline && mode != PouwMode.REMOTE) {
                Thread.sleep(100);
            }
            Thread.sleep(200);
            follower.close();
            FeePool pool = api.ledger().pool();
            NodeAccount mine = api.ledger().account(client.did().toString(), 0);
            out.printf("demo: done. client balance %d · fee pool: paid %d to provers, reserved %d, balance %d%n",
                    mine.balance(), pool.totalPaid(), pool.reserved(), pool.balance());
            out.printf("demo: the node keeps running at %s; try './pouw status' or './pouw job list' in another"
                    + " shell, Ctrl-C to stop%n", url);
        }
    }

    private void print(NodeEvent event) {
        String intentId = event.intentId();
        String name = intentNames.getOrDefault(intentId, Printer.shortId(intentId));
        JsonNode data = event.data();
        String job = Printer.shortId(event.jobId());
        switch (event.type()) {
            case "job.created" -> out.printf("  %-9s job %s created (%s, fee %d)%n", name, job,
                    data.path("tier").asString(), data.path("fee_budget").asLong());
            case "job.claimed" -> out.printf("  %-9s job %s claimed by %s, attempt %d%n", name, job,
                    Printer.shortId(data.path("prover_id").asString()), data.path("attempt").asInt());
            case "job.committed" -> out.printf("  %-9s job %s: the worker committed to every step; the node drew the"
                    + " steps to audit%n", name, job);
            case "job.completed" -> {
                JsonNode result = data.path("result");
                String quality = result.has("accuracy") ? String.format(Locale.ROOT,
                        ", held-out accuracy %.1f %%", 100 * result.path("accuracy").asDouble()) : "";
                out.printf("  %-9s job %s proof verified%s → reward %d paid (ledger #%d)%n", name, job, quality,
                        data.path("reward").asLong(), data.path("ledger_seq").asLong());
            }
            case "job.failed" -> out.printf("  %-9s job %s attempt failed: %s%n", name, job,
                    data.path("reason").asString());
            case "intent.proven" -> {
                out.printf("  %-9s intent %s fully proven%n", name, Printer.shortId(intentId));
                unproven.remove(intentId);
            }
            default -> {
            }
        }
    }
}
