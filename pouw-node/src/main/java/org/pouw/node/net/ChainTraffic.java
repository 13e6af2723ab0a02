package org.pouw.node.net;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.pouw.chain.net.ChainRejectCode;

/**
 * What the chain's protocol sent and received, by its own message types (the transport counts every chain message as
 * one {@code payload}, {@code inv} or bulk chunk): messages and bytes in and out for each, the bulk objects (block and
 * transaction bodies) among them, and rejects by the chain's code. Every label is from a closed set of this version —
 * a reject code it does not know counts as {@code unknown} — so no peer can add a series (docs/operations.md,
 * "Metrics").
 */
final class ChainTraffic {
    /** The chain's message types as the metrics name them. */
    enum Kind {
        GET_HEADERS, HEADERS, REJECT, BLOCK_INV, TX_INV,
        /** A new tip pushed whole to a high-bandwidth peer. */
        WHOLE_BLOCK,
        /** Block bodies on the bulk stream. */
        BLOCK_BODY,
        /** Transactions on the bulk stream. */
        TX_BODY,
        /** Dataset record ranges with their proofs ({@code get_blob}) on the bulk stream. */
        BLOB_RANGE,
        /** A new tip pushed as its header and short transaction ids. */
        COMPACT_BLOCK,
        /** A compact block's receiver asking for the transactions it lacks. */
        GET_BLOCK_TXN,
        /** Those transactions. */
        BLOCK_TXN,
        /** A peer asking to be pushed new tips unannounced, or no longer (BIP 152's {@code sendcmpct}). */
        SEND_COMPACT,
        /** An announced block asked of its announcer as a compact block, on the bulk stream. */
        GET_COMPACT_BLOCK,
        /** A transaction inventory, asked after announcements were dropped under overload, on the bulk stream. */
        TX_INVENTORY;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a compact block received ended. */
    enum CompactOutcome {
        /** Rebuilt from the node's own transactions alone. */
        REBUILT,
        /** Rebuilt after asking its sender for some transactions. */
        REBUILT_AFTER_ASKING,
        /** Fetched whole instead: a collision, a sender that sent none or went, a bound, or too late. */
        FALLBACK,
        /** Its sender's transactions did not match its short ids: banned. */
        LIE,
        /** Asked of its announcer and not served, or not in time: the announcer charged, the block fetched whole. */
        NOT_SERVED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A direction of traffic. */
    enum Direction {
        IN, OUT;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private record Tally(LongAdder messages, LongAdder bytes) {
        Tally() {
            this(new LongAdder(), new LongAdder());
        }
    }

    private final Map<Direction, Map<Kind, Tally>> traffic = new EnumMap<>(Direction.class);
    private final Map<Direction, Map<ChainRejectCode, LongAdder>> rejects = new EnumMap<>(Direction.class);
    private final Map<Direction, LongAdder> unknownRejects = new EnumMap<>(Direction.class);
    private final Map<Direction, Map<Kind, LongAdder>> overBudget = new EnumMap<>(Direction.class);
    private final Map<CompactOutcome, LongAdder> compact = new EnumMap<>(CompactOutcome.class);

    ChainTraffic() {
        for (CompactOutcome outcome : CompactOutcome.values()) {
            compact.put(outcome, new LongAdder());
        }
        for (Direction direction : Direction.values()) {
            Map<Kind, Tally> kinds = new EnumMap<>(Kind.class);
            for (Kind kind : Kind.values()) {
                kinds.put(kind, new Tally());
            }
            traffic.put(direction, kinds);
            Map<ChainRejectCode, LongAdder> codes = new EnumMap<>(ChainRejectCode.class);
            for (ChainRejectCode code : ChainRejectCode.values()) {
                codes.put(code, new LongAdder());
            }
            rejects.put(direction, codes);
            unknownRejects.put(direction, new LongAdder());
            Map<Kind, LongAdder> over = new EnumMap<>(Kind.class);
            for (Kind kind : Kind.values()) {
                over.put(kind, new LongAdder());
            }
            overBudget.put(direction, over);
        }
    }

    void count(Direction direction, Kind kind, long messages, long bytes) {
        Tally tally = traffic.get(direction).get(kind);
        tally.messages().add(messages);
        tally.bytes().add(bytes);
    }

    void reject(Direction direction, int code) {
        Optional<ChainRejectCode> known = ChainRejectCode.of(code);
        if (known.isPresent()) {
            rejects.get(direction).get(known.get()).increment();
        } else {
            unknownRejects.get(direction).increment();
        }
    }

    /** A message dropped (in) or a bulk object not served (out) because the peer's budget for its type ran out. */
    void refusedOverBudget(Direction direction, Kind kind) {
        overBudget.get(direction).get(kind).increment();
    }

    void compactBlock(CompactOutcome outcome) {
        compact.get(outcome).increment();
    }

    long compactBlocks(CompactOutcome outcome) {
        return compact.get(outcome).sum();
    }

    long overBudget(Direction direction, Kind kind) {
        return overBudget.get(direction).get(kind).sum();
    }

    long messages(Direction direction, Kind kind) {
        return traffic.get(direction).get(kind).messages().sum();
    }

    long bytes(Direction direction, Kind kind) {
        return traffic.get(direction).get(kind).bytes().sum();
    }

    long rejects(Direction direction, ChainRejectCode code) {
        return rejects.get(direction).get(code).sum();
    }

    long unknownRejects(Direction direction) {
        return unknownRejects.get(direction).sum();
    }

    /** Registers every series once, at zero. */
    void register(MeterRegistry registry) {
        for (CompactOutcome outcome : CompactOutcome.values()) {
            FunctionCounter.builder("pouw_chain_net_compact_blocks", this, t -> t.compactBlocks(outcome))
                    .description("compact blocks received, by how they ended").tags("outcome", outcome.label())
                    .register(registry);
        }
        for (Direction direction : Direction.values()) {
            for (Kind kind : Kind.values()) {
                FunctionCounter.builder("pouw_chain_net_messages", this, t -> t.messages(direction, kind))
                        .description("chain protocol messages by direction and type (bodies: on the bulk stream)")
                        .tags("direction", direction.label(), "type", kind.label()).register(registry);
                FunctionCounter.builder("pouw_chain_net_bytes", this, t -> t.bytes(direction, kind))
                        .description("chain protocol bytes by direction and type (bodies: on the bulk stream)")
                        .tags("direction", direction.label(), "type", kind.label()).register(registry);
                FunctionCounter.builder("pouw_chain_net_over_budget", this, t -> t.overBudget(direction, kind))
                        .description("messages dropped (in), bodies not served (out): the peer's budget for the type")
                        .tags("direction", direction.label(), "type", kind.label()).register(registry);
            }
            for (ChainRejectCode code : ChainRejectCode.values()) {
                FunctionCounter.builder("pouw_chain_net_rejects", this, t -> t.rejects(direction, code))
                        .description("chain rejects by direction and the chain's reason")
                        .tags("direction", direction.label(), "code", code.label()).register(registry);
            }
            FunctionCounter.builder("pouw_chain_net_rejects", this, t -> t.unknownRejects(direction))
                    .description("chain rejects by direction and the chain's reason")
                    .tags("direction", direction.label(), "code", "unknown").register(registry);
        }
    }
}
