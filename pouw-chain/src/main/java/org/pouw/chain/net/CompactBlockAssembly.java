package org.pouw.chain.net;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import org.pouw.chain.block.Block;
import org.pouw.ml.wire.Bytes32;

/**
 * The compact blocks a node is rebuilding, within bounds (docs/network.md §4, "Compact blocks"): at most
 * {@value #PER_PEER} from one peer and {@value #MAX_PENDING} over all, each for at most {@value #EXPIRY_TICKS} ticks
 * after it came; one rebuild per block hash (a second peer's compact block of a hash being rebuilt is dropped). While
 * a block is being rebuilt, its announcements are held back from the sync ({@link #holdsBack}) so that it is not also
 * fetched whole; when the rebuild can not finish — a collision, a sender that answers nothing or too late, a sender
 * that goes — the outcome is a {@link Outcome.Fallback} naming the peers that announced it, which the node hands to
 * the sync as their announcements: the block is then fetched whole on the bulk stream, as if no compact block had
 * come. A sender whose transactions do not match its own short ids is a {@link Outcome.Lie}.
 *
 * <p>Not thread-safe: the node calls it on its sync thread.
 */
public final class CompactBlockAssembly {
    /** Rebuilds one peer may have pending. */
    public static final int PER_PEER = 2;
    /** Rebuilds pending over all peers. */
    public static final int MAX_PENDING = 8;
    /** Ticks a rebuild may wait for its missing transactions before the block is fetched whole. */
    public static final int EXPIRY_TICKS = 5;
    /** Announcers of a block being rebuilt remembered for its fallback; more are not needed to fetch it. */
    static final int MAX_ANNOUNCERS = 8;

    private final Bytes32 chainId;
    private final Map<Bytes32, Pending> pending = new LinkedHashMap<>();

    private static final class Pending {
        final PeerId from;
        final PartialBlock partial;
        final long startedAt;
        final SequencedSet<PeerId> announcers = new LinkedHashSet<>();

        Pending(PeerId from, PartialBlock partial, long startedAt) {
            this.from = from;
            this.partial = partial;
            this.startedAt = startedAt;
            announcers.add(from);
        }
    }

    /** What a compact block or an answer did. */
    public sealed interface Outcome {
        /** Rebuilt: the block, its transactions root checked, for the sync to judge as a pushed block. */
        record Complete(PeerId from, Block block) implements Outcome {
        }

        /** Transactions to ask the sender for. */
        record Ask(PeerId to, BlockTxnRequest request) implements Outcome {
        }

        /** Fetch the block whole from its announcers (the sender first); nobody at fault. */
        record Fallback(Bytes32 hash, List<PeerId> announcers, String why) implements Outcome {
        }

        /** Dropped: over a bound, a duplicate, or an answer nobody waits for; no fault, no fallback needed. */
        record Dropped(String why) implements Outcome {
        }

        /**
         * Bytes no honest node sends: transactions that do not match the sender's own short ids. The block is still
         * wanted, so {@code others} (its other announcers) are to be asked for it whole.
         */
        record Lie(PeerId from, String what, Bytes32 hash, List<PeerId> others) implements Outcome {
        }
    }

    public CompactBlockAssembly(Bytes32 chainId) {
        this.chainId = chainId;
    }

    /** A compact block {@code from} pushed at tick {@code now}; {@code pool} is the node's recent transactions. */
    public Outcome offer(PeerId from, CompactBlock compact, Map<Bytes32, byte[]> pool, long now) {
        Bytes32 hash = compact.hash(chainId);
        if (pending.containsKey(hash)) {
            pending.get(hash).announcers.add(from);
            return new Outcome.Dropped("block " + hash.hex() + " is already being rebuilt");
        }
        if (pending.size() >= MAX_PENDING) {
            return new Outcome.Fallback(hash, List.of(from), MAX_PENDING + " compact blocks already pending");
        }
        if (pending.values().stream().filter(p -> p.from.equals(from)).count() >= PER_PEER) {
            return new Outcome.Fallback(hash, List.of(from), PER_PEER + " compact blocks of " + from.name()
                    + " already pending");
        }
        PartialBlock partial = PartialBlock.of(compact, chainId);
        return switch (partial.fill(pool)) {
            case PartialBlock.Step.Complete whole -> new Outcome.Complete(from, whole.block());
            case PartialBlock.Step.Missing missing -> {
                pending.put(hash, new Pending(from, partial, now));
                yield new Outcome.Ask(from, missing.request());
            }
            case PartialBlock.Step.Fallback fallback -> new Outcome.Fallback(hash, List.of(from), fallback.why());
            case PartialBlock.Step.Lie lie -> new Outcome.Lie(from, lie.what(), hash, List.of());
        };
    }

    /** The sender's {@code block_txn}. */
    public Outcome answered(PeerId from, BlockTxns answer) {
        Pending waiting = pending.get(answer.hash());
        if (waiting == null || !waiting.from.equals(from)) {
            // late (the rebuild expired and the block was fetched whole) or never asked: nothing to do, no fault
            return new Outcome.Dropped("block_txn for " + answer.hash().hex() + " that nobody waits for");
        }
        pending.remove(answer.hash());
        return switch (waiting.partial.receive(answer)) {
            case PartialBlock.Step.Complete whole -> new Outcome.Complete(from, whole.block());
            case PartialBlock.Step.Fallback fallback -> fallback(answer.hash(), waiting, fallback.why());
            case PartialBlock.Step.Lie lie -> new Outcome.Lie(from, lie.what(), answer.hash(),
                    waiting.announcers.stream().filter(peer -> !peer.equals(from)).toList());
            case PartialBlock.Step.Missing missing -> new Outcome.Dropped("nothing more can be asked");
        };
    }

    /**
     * Whether an announcement of {@code hash} by {@code from} is held back because the block is being rebuilt (the
     * announcer is remembered for a fallback).
     */
    public boolean holdsBack(PeerId from, Bytes32 hash) {
        Pending waiting = pending.get(hash);
        if (waiting == null) {
            return false;
        }
        if (waiting.announcers.size() < MAX_ANNOUNCERS) {
            waiting.announcers.add(from);
        }
        return true;
    }

    /** The rebuilds older than {@value #EXPIRY_TICKS} ticks, given up: each block to be fetched whole. */
    public List<Outcome.Fallback> tick(long now) {
        List<Outcome.Fallback> expired = new ArrayList<>();
        for (Iterator<Map.Entry<Bytes32, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Bytes32, Pending> entry = it.next();
            if (now - entry.getValue().startedAt > EXPIRY_TICKS) {
                it.remove();
                expired.add(fallback(entry.getKey(), entry.getValue(), "the missing transactions did not come in "
                        + EXPIRY_TICKS + " ticks"));
            }
        }
        return expired;
    }

    /** A peer went: its rebuilds are given up (the block fetched whole from its other announcers, if any). */
    public List<Outcome.Fallback> forget(PeerId peer) {
        List<Outcome.Fallback> gone = new ArrayList<>();
        for (Iterator<Map.Entry<Bytes32, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Bytes32, Pending> entry = it.next();
            entry.getValue().announcers.remove(peer);
            if (entry.getValue().from.equals(peer)) {
                it.remove();
                gone.add(fallback(entry.getKey(), entry.getValue(), "its sender went"));
            }
        }
        return gone;
    }

    public int pending() {
        return pending.size();
    }

    /** Bytes the pending rebuilds hold beyond the pool's transactions. */
    public long heldBytes() {
        return pending.values().stream().mapToLong(p -> p.partial.heldBytes()).sum();
    }

    private static Outcome.Fallback fallback(Bytes32 hash, Pending waiting, String why) {
        return new Outcome.Fallback(hash, List.copyOf(waiting.announcers), why);
    }
}
