package org.pouw.cli.mine;

/** What a miner tells its display: lines of record, and the progress its status line shows. */
public sealed interface MinerEvent {
    /** The wire name (JSON lines' {@code "event"}). */
    String name();

    record Started(String did, String node, String chainId, int threads) implements MinerEvent {
        @Override
        public String name() {
            return "started";
        }
    }

    /**
     * The status line: training rates over the last interval, the expected time to a block from the current target
     * and that ticket rate (−1 while nothing was measured), the followed height and the task being trained.
     */
    record Progress(long height, String task, boolean paid, double stepsPerSecond, double ticketsPerSecond,
                    double expectedSecondsToBlock, long steps, long tickets, long blocksWon) implements MinerEvent {
        @Override
        public String name() {
            return "progress";
        }
    }

    /** A block this miner won, and what the node said of it ({@code imported}, {@code known}, {@code orphan}). */
    record Won(long height, String hash, String task, boolean paid, long blocksWon, String nodeStatus)
            implements MinerEvent {
        @Override
        public String name() {
            return "won";
        }
    }

    /** A transaction this miner signed and posted: {@code audit_open}, {@code final_model_commit} or reveal. */
    record Posted(String kind, String txId, String detail) implements MinerEvent {
        @Override
        public String name() {
            return "posted";
        }
    }

    /** Something the node refused, or this miner's own validation refused from the node. */
    record Refused(String what, String reason) implements MinerEvent {
        @Override
        public String name() {
            return "refused";
        }
    }

    /** Why it is not training at the moment (no task assigned, no data, node unreachable…). */
    record Waiting(String reason) implements MinerEvent {
        @Override
        public String name() {
            return "waiting";
        }
    }

    record Stopped(long steps, long tickets, long blocksWon, String error) implements MinerEvent {
        @Override
        public String name() {
            return "stopped";
        }
    }
}
