package org.pouw.cli.mine;

import java.io.PrintStream;
import org.pouw.core.Clock;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pouw mine --json}: each event as one JSON object on its own line, {@code {"event":"won","at_ms":…,…}}, field
 * names in the API's snake_case, as {@code pouw worker --json} prints its events.
 */
final class MinerJsonLines implements MinerDisplay {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final PrintStream out;
    private final Clock clock;

    MinerJsonLines(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void show(MinerEvent event) {
        ObjectNode line = JSON.createObjectNode().put("event", event.name()).put("at_ms", clock.millis());
        switch (event) {
            case MinerEvent.Started started -> line.put("did", started.did()).put("node", started.node())
                    .put("chain_id", started.chainId()).put("threads", started.threads());
            case MinerEvent.Progress p -> {
                line.put("height", p.height()).put("task", p.task()).put("paid", p.paid())
                        .put("steps_per_second", round(p.stepsPerSecond()))
                        .put("tickets_per_second", round(p.ticketsPerSecond()));
                if (p.expectedSecondsToBlock() >= 0) {
                    line.put("expected_seconds_to_block", round(p.expectedSecondsToBlock()));
                } else {
                    line.putNull("expected_seconds_to_block");
                }
                line.put("steps", p.steps()).put("tickets", p.tickets()).put("blocks_won", p.blocksWon());
            }
            case MinerEvent.Won won -> line.put("height", won.height()).put("hash", won.hash())
                    .put("task", won.task()).put("paid", won.paid()).put("blocks_won", won.blocksWon())
                    .put("node_status", won.nodeStatus());
            case MinerEvent.Posted posted -> line.put("kind", posted.kind()).put("tx_id", posted.txId())
                    .put("detail", posted.detail());
            case MinerEvent.Refused refused -> line.put("what", refused.what()).put("reason", refused.reason());
            case MinerEvent.Waiting waiting -> line.put("reason", waiting.reason());
            case MinerEvent.Stopped stopped -> line.put("steps", stopped.steps()).put("tickets", stopped.tickets())
                    .put("blocks_won", stopped.blocksWon()).put("error", stopped.error());
        }
        out.println(JSON.writeValueAsString(line));
        out.flush();
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
