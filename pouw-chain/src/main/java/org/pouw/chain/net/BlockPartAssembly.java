package org.pouw.chain.net;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.pouw.ml.wire.Bytes32;

/**
 * Puts pushed {@link BlockPart}s back together, within bounds (docs/network.md §4): at most
 * {@value #PER_PEER} blocks in assembly from one peer and {@value #MAX_HELD_BYTES} bytes held over all peers; a
 * block not complete within {@value #EXPIRY_TICKS} ticks of its first part is dropped. Parts of one block come from
 * one peer (another peer's parts of the same hash are a separate assembly). A part that contradicts the assembly it
 * joins (another total, other bytes at an index already held) is a lie: the peer sent bytes no honest node sends.
 * What completes is only bytes: the sync checks and judges them as it does any block pushed whole.
 *
 * <p>Not thread-safe: the node calls it on its sync thread.
 */
public final class BlockPartAssembly {
    /** Blocks one peer may have in assembly at once. */
    public static final int PER_PEER = 2;
    /** Bytes of parts held over all peers: a few of the largest pushed blocks. */
    public static final long MAX_HELD_BYTES = 4L * BlockPart.MAX_BLOCK_BYTES;
    /** Ticks a pushed block may take to arrive whole. */
    public static final int EXPIRY_TICKS = 30;

    /** Blocks put together lately: a part of one repeated after it completed is ignored, not begun again. */
    static final int COMPLETED_REMEMBERED = 64;

    private final Map<Key, Assembly> assemblies = new HashMap<>();
    private final java.util.SequencedSet<Key> completed = new java.util.LinkedHashSet<>();
    private long held;

    private record Key(PeerId peer, Bytes32 hash) {
    }

    private static final class Assembly {
        final int total;
        final byte[][] parts;
        final long startedAt;
        int present;

        Assembly(int total, long startedAt) {
            this.total = total;
            this.parts = new byte[BlockPart.parts(total)][];
            this.startedAt = startedAt;
        }
    }

    /** What a part did: nothing yet, a whole block, dropped (over a bound, no fault), or a lie. */
    public sealed interface Outcome {
        record Incomplete() implements Outcome {
        }

        record Complete(Bytes32 hash, byte[] encoded) implements Outcome {
        }

        record Dropped(String why) implements Outcome {
        }

        record Lie(String what) implements Outcome {
        }
    }

    /** Takes a part from {@code from} at tick {@code now}. */
    public Outcome offer(PeerId from, BlockPart part, long now) {
        Key key = new Key(from, part.hash());
        if (completed.contains(key)) {
            return new Outcome.Incomplete();
        }
        Assembly assembly = assemblies.get(key);
        if (assembly == null) {
            long fromPeer = assemblies.keySet().stream().filter(k -> k.peer().equals(from)).count();
            if (fromPeer >= PER_PEER) {
                return new Outcome.Dropped("already " + PER_PEER + " blocks in assembly from " + from.name());
            }
            assembly = new Assembly(part.total(), now);
            assemblies.put(key, assembly);
        } else if (assembly.total != part.total()) {
            drop(key);
            return new Outcome.Lie("block " + part.hash().hex() + " declared " + assembly.total + " bytes, then "
                    + part.total());
        }
        byte[] data = part.data();
        byte[] before = assembly.parts[part.index()];
        if (before != null) {
            if (!Arrays.equals(before, data)) {
                drop(key);
                return new Outcome.Lie("block " + part.hash().hex() + " part " + part.index()
                        + " sent twice with other bytes");
            }
            return new Outcome.Incomplete();
        }
        if (held + data.length > MAX_HELD_BYTES) {
            return new Outcome.Dropped("pushed parts already hold " + held + " bytes");
        }
        assembly.parts[part.index()] = data;
        assembly.present++;
        held += data.length;
        if (assembly.present < assembly.parts.length) {
            return new Outcome.Incomplete();
        }
        byte[] whole = new byte[assembly.total];
        int at = 0;
        for (byte[] piece : assembly.parts) {
            System.arraycopy(piece, 0, whole, at, piece.length);
            at += piece.length;
        }
        drop(key);
        if (completed.size() >= COMPLETED_REMEMBERED) {
            completed.removeFirst();
        }
        completed.add(key);
        return new Outcome.Complete(part.hash(), whole);
    }

    /** Drops the blocks not complete within {@value #EXPIRY_TICKS} ticks of their first part. */
    public void tick(long now) {
        for (Iterator<Map.Entry<Key, Assembly>> it = assemblies.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Assembly> entry = it.next();
            if (now - entry.getValue().startedAt > EXPIRY_TICKS) {
                held -= bytes(entry.getValue());
                it.remove();
            }
        }
    }

    /** A peer went: its assemblies go with it. */
    public void forget(PeerId peer) {
        for (Iterator<Map.Entry<Key, Assembly>> it = assemblies.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Assembly> entry = it.next();
            if (entry.getKey().peer().equals(peer)) {
                held -= bytes(entry.getValue());
                it.remove();
            }
        }
    }

    /** Bytes of parts held now. */
    public long held() {
        return held;
    }

    public int inAssembly() {
        return assemblies.size();
    }

    /** The part count a block of {@code hash} from {@code peer} still lacks, if it is in assembly. */
    Optional<Integer> missing(PeerId peer, Bytes32 hash) {
        return Optional.ofNullable(assemblies.get(new Key(peer, hash))).map(a -> a.parts.length - a.present);
    }

    private void drop(Key key) {
        Assembly gone = assemblies.remove(key);
        if (gone != null) {
            held -= bytes(gone);
        }
    }

    private static long bytes(Assembly assembly) {
        long sum = 0;
        for (byte[] piece : assembly.parts) {
            sum += piece == null ? 0 : piece.length;
        }
        return sum;
    }
}
