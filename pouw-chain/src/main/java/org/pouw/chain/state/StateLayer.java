package org.pouw.chain.state;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.pouw.ml.wire.Bytes32;

/**
 * Chain state as one block left it, written as the changes that block made over its parent's layer. A fork's blocks
 * each get a child layer of their common ancestor's, so a reorg drops layers instead of undoing writes, and two
 * branches never see each other's changes (docs/chain.md §6). Reads walk up to the first layer that wrote the key.
 *
 * <p>A layer is written while its block is applied and only read after that; {@link #squash()} folds a layer's
 * ancestors into it when they are too deep to be reorged, so lookups stay short.
 */
public final class StateLayer {
    private static final Comparator<Bytes32> KEY_ORDER = (a, b) -> Arrays.compareUnsigned(a.toArray(), b.toArray());

    private StateLayer parent;
    private final Map<Bytes32, Account> accounts = new HashMap<>();
    private final Map<Bytes32, Stake> stakes = new HashMap<>();
    private final Map<Bytes32, Long> lastObligations = new HashMap<>();

    private StateLayer(StateLayer parent) {
        this.parent = parent;
    }

    /** An empty state: every account at zero, nobody staked. */
    public static StateLayer empty() {
        return new StateLayer(null);
    }

    /**
     * The state a genesis file sets up: {@code accounts} at nonce 0 and {@code stakes} active from height 0 (the
     * activation delay does not apply to the stake a chain starts with, or nobody could mine its first blocks).
     */
    public static StateLayer genesis(Map<Bytes32, Account> accounts, Map<Bytes32, Long> stakes) {
        StateLayer state = empty();
        accounts.forEach(state::putAccount);
        stakes.forEach((key, amount) -> {
            if (amount > 0) {
                state.putStake(key, new Stake(amount, 0, 0, 0, 0));
            }
        });
        return state;
    }

    /** A new layer for a block built on this one. */
    public StateLayer child() {
        return new StateLayer(this);
    }

    public Account account(Bytes32 key) {
        for (StateLayer layer = this; layer != null; layer = layer.parent) {
            Account account = layer.accounts.get(key);
            if (account != null) {
                return account;
            }
        }
        return Account.EMPTY;
    }

    public Stake stake(Bytes32 key) {
        for (StateLayer layer = this; layer != null; layer = layer.parent) {
            Stake stake = layer.stakes.get(key);
            if (stake != null) {
                return stake;
            }
        }
        return Stake.NONE;
    }

    /** The height of the key's last mining obligation (its last block, final model or audited segment), or −1. */
    public long lastObligation(Bytes32 key) {
        for (StateLayer layer = this; layer != null; layer = layer.parent) {
            Long height = layer.lastObligations.get(key);
            if (height != null) {
                return height;
            }
        }
        return -1;
    }

    /** Sets an account as block-level rules leave it (the miner's reward); transactions go through the rules. */
    public void credit(Bytes32 key, Account account) {
        putAccount(key, account);
    }

    /** Records that {@code key} has an obligation (a mined block) at {@code height}, for its unbonding delay. */
    public void recordObligation(Bytes32 key, long height) {
        putLastObligation(key, height);
    }

    void putAccount(Bytes32 key, Account account) {
        accounts.put(key, account);
    }

    void putStake(Bytes32 key, Stake stake) {
        stakes.put(key, stake);
    }

    void putLastObligation(Bytes32 key, long height) {
        lastObligations.put(key, height);
    }

    /** Copies every ancestor's entries that this layer does not override into it, and cuts it loose from them. */
    public void squash() {
        for (StateLayer layer = parent; layer != null; layer = layer.parent) {
            layer.accounts.forEach(accounts::putIfAbsent);
            layer.stakes.forEach(stakes::putIfAbsent);
            layer.lastObligations.forEach(lastObligations::putIfAbsent);
        }
        parent = null;
    }

    /**
     * Every account, stake and obligation this state holds, as the nearest layer wrote it, sorted by key: the input
     * of the state root. Walks every layer, so it costs the size of the state.
     */
    public SortedEntries entries() {
        SortedEntries entries = new SortedEntries();
        for (StateLayer layer = this; layer != null; layer = layer.parent) {
            layer.accounts.forEach(entries.accounts()::putIfAbsent);
            layer.stakes.forEach(entries.stakes()::putIfAbsent);
            layer.lastObligations.forEach(entries.lastObligations()::putIfAbsent);
        }
        return entries;
    }

    /** A state's entries in key order (keys compared as unsigned bytes). */
    public record SortedEntries(SortedMap<Bytes32, Account> accounts,
                                SortedMap<Bytes32, Stake> stakes,
                                SortedMap<Bytes32, Long> lastObligations) {
        SortedEntries() {
            this(new TreeMap<>(KEY_ORDER), new TreeMap<>(KEY_ORDER),
                    new TreeMap<>(KEY_ORDER));
        }
    }

    /** How many layers a read may walk through, this one included. */
    public int depth() {
        int depth = 0;
        for (StateLayer layer = this; layer != null; layer = layer.parent) {
            depth++;
        }
        return depth;
    }
}
