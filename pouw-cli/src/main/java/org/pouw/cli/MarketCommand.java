package org.pouw.cli;

import java.util.concurrent.Callable;
import org.pouw.client.PouwClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pouw market} and {@code pouw market prover DID} (issue 27, item 5): the market's prices, depth, throughput
 * and service levels, from {@code GET /v1/pouw/market}; with {@code --mine}, the caller's own levels as a client.
 */
@Command(name = "market", description = "Show the market: prices, open work, throughput and service levels.",
        subcommands = {MarketCommand.ProverLevels.class})
final class MarketCommand implements Callable<Integer> {
    @Mixin
    ClientOptions options;

    @Option(names = "--window-ms", defaultValue = "3600000",
            description = "300000, 3600000 or 86400000 (default ${DEFAULT-VALUE})")
    long windowMs;

    @Option(names = "--mine", description = "sign in with --key and also show your own jobs' levels as a client")
    boolean mine;

    @Override
    public Integer call() {
        try (PouwClient client = mine ? options.client() : options.anonymousClient()) {
            JsonNode market = client.system().market(windowMs, mine);
            StringBuilder human = new StringBuilder();
            human.append("prices (base units per 1,000 steps):");
            for (JsonNode kind : market.path("kinds")) {
                human.append(String.format("  %s %d%s", kind.path("kind").asString(),
                        kind.path("base_price_per_1000_steps").asLong(),
                        kind.path("follows_demand").asBoolean() ? " (follows demand)" : ""));
            }
            human.append(String.format("%nover the last %d ms (%d jobs measured%s):%n", market.path("window_ms")
                    .asLong(), market.path("sampled_jobs").asLong(), market.path("truncated").asBoolean()
                    ? ", the latest only" : ""));
            for (JsonNode queue : market.path("queues")) {
                human.append(String.format("%-10s %-6s pending %d (%d units)  leased %d  %d/h  ",
                        queue.path("kind").asString(), queue.path("tier").asString(),
                        queue.path("pending_jobs").asLong(), queue.path("pending_work_units").asLong(),
                        queue.path("leased_jobs").asLong(), queue.path("completed_per_hour").asLong()))
                        .append(level(queue)).append('\n');
            }
            if (mine) {
                human.append("yours:\n");
                for (JsonNode own : market.path("yours")) {
                    human.append(String.format("%-10s %-6s ", own.path("kind").asString(),
                            own.path("tier").asString())).append(level(own)).append('\n');
                }
            }
            options.printer().print(market, human.toString().strip());
        }
        return ExitCodes.OK;
    }

    /** One group's service level, as a line's tail. */
    static String level(JsonNode level) {
        return String.format("completed %d, on time %d (%d‰), time to proof p50 %d ms p95 %d ms",
                level.path("completed").asLong(), level.path("on_time").asLong(),
                level.path("on_time_permille").asLong(), level.path("time_to_proof_p50_ms").asLong(),
                level.path("time_to_proof_p95_ms").asLong());
    }

    @Command(name = "prover", description = "Show one prover's record: totals, reputation, standing, measured pace and on-time"
            + " ratio.")
    static final class ProverLevels implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Parameters(paramLabel = "DID")
        String did;

        @Option(names = "--window-ms", defaultValue = "3600000",
                description = "300000, 3600000 or 86400000 (default ${DEFAULT-VALUE})")
        long windowMs;

        @Override
        public Integer call() {
            try (PouwClient client = options.anonymousClient()) {
                JsonNode record = null;
                for (JsonNode prover : client.jobs().proverRecords()) {
                    if (prover.path("prover_id").asString().equals(did)) {
                        record = prover;
                    }
                }
                if (record == null) {
                    throw new IllegalArgumentException("the node knows no prover " + did);
                }
                JsonNode level = null;
                for (JsonNode prover : client.system().market(windowMs, false).path("provers")) {
                    if (prover.path("prover_id").asString().equals(did)) {
                        level = prover;
                    }
                }
                ObjectNode out = (ObjectNode) record.deepCopy();
                if (level != null) {
                    out.set("service_level", level);
                }
                options.printer().print(out, String.format("%s%ncompleted %d, failed %d, reputation %d‰, %s, level %s%n"
                        + "pace %d‰ of the slowest speed (%s), offered at %d‰%n%s",
                        did, record.path("jobs_completed").asLong(), record.path("jobs_failed").asLong(),
                        record.path("reputation_permille").asLong(), record.path("standing").asString(),
                        record.path("level").asString(), record.path("pace_permille").asLong(),
                        record.path("pace_measured").asBoolean() ? "measured" : "not measured: the slowest",
                        record.path("pace_offered_permille").asLong(),
                        level == null ? "no job completed in the window" : "in the window: " + level(level)));
            }
            return ExitCodes.OK;
        }
    }
}
