package org.pouw.gate.redeem;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.pouw.core.Clock;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;

/**
 * A durable {@link Redemptions} store with issue 21 §5's answer to its failure (docs/gate.md, "When the store
 * fails").
 *
 * <p>{@code fail_safe} (the default): while the store does not answer, every redemption is refused with
 * {@code store_unavailable} and nothing is granted.
 *
 * <p>{@code fail_open}: the same for the first {@code failOpenAfterMs} of a failure (a blip is not an outage); after
 * that, a redemption is accepted in this process's memory only if
 * <ul>
 *   <li>this process issued the challenge since it started ({@link #issued}) — so a second node, which did not
 *       issue it, refuses it, and one receipt yields one token across the nodes;</li>
 *   <li>the grant is a {@link Grant.Stateless} access token — never money, never a database write;</li>
 *   <li>fewer than {@code failOpenMaxTokens} fail-open redemptions are held.</li>
 * </ul>
 * Entries are held until the challenge's expiry plus the skew, like the durable store's. While fail-open is in force,
 * {@link #state()} says so (the node exports it as an alert metric) and {@link #failOpenGrants()} counts its grants.
 * The first time the store answers again, the keys redeemed in memory are written to it, so no node redeems them
 * again afterwards, and the node is back to normal.
 *
 * <p>Closing the window after an outage, in either mode: a node that redeemed challenges in memory writes them back
 * within one {@link #WATCH_MS} of the store's return ({@link #watchOnce}, on the node's timer, probes the store);
 * and every node that saw the store fail holds the challenges other nodes issued for {@link #SETTLE_MS} after it
 * sees the store answer again ({@code store_unavailable}, "retry shortly"), so an issuer's write-back lands before
 * any other node can redeem the same challenge in the store. A node sees every outage that lasted two watch turns,
 * and fail-open waits at least {@link RedemptionSettings#MIN_FAIL_OPEN_AFTER_MS} before granting from memory.
 *
 * <p>Reads time only through the {@link Clock} it is given.
 */
public final class FailModeRedemptions implements Redemptions, AutoCloseable {
    /** The state the node exports as a gauge: normal, failing (refusing for now), or fail-open (the alert). */
    public enum State {
        NORMAL,
        FAILING,
        FAIL_OPEN
    }

    /** How often the node's timer calls {@link #watchOnce}. */
    public static final long WATCH_MS = 250;
    /**
     * How long, after this node sees the store answer again, challenges issued elsewhere wait: eight watch turns,
     * time for their issuers to see the store back (one turn) and write their memory to it.
     */
    public static final long SETTLE_MS = 8 * WATCH_MS;

    /** More challenges than this issued and unexpired are not remembered: the newest are then not redeemable here. */
    static final int MAX_REMEMBERED_ISSUES = 1_000_000;

    private final Redemptions durable;
    private final RedemptionSettings settings;
    private final Clock clock;
    /**
     * Challenges this node issued, by key, with their keep-until time; negated once redeemed in the durable store
     * (still this node's, so never held after an outage, but no longer redeemable in memory).
     */
    private final Map<String, Long> issuedHere = new ConcurrentHashMap<>();
    private final Map<String, Long> redeemedInMemory = new ConcurrentHashMap<>();
    private final Map<String, Long> toWriteBack = new ConcurrentHashMap<>();
    private final AtomicLong failingSinceMs = new AtomicLong(-1);
    private final AtomicLong failOpenGrants = new AtomicLong();
    private volatile State state = State.NORMAL;
    /** Until then, challenges this node did not issue are not redeemed: the store returned from an outage lately. */
    private volatile long settleUntilMs;

    public FailModeRedemptions(Redemptions durable, RedemptionSettings settings, Clock clock) {
        this.durable = durable;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Remembers that this node issued the challenge {@code challengeId}, until {@code keepUntilMs} (its expiry plus
     * the skew). The node's challenge endpoint calls it for every challenge it signs.
     */
    public void issued(String challengeId, long keepUntilMs) {
        if (issuedHere.size() < MAX_REMEMBERED_ISSUES) {
            issuedHere.put(Redemptions.challengeKey(challengeId), keepUntilMs);
        }
    }

    @Override
    public <G> GateVerdict<G> redeem(String key, long keepUntilMs, Grant<G> grant) {
        return redeem(key, PRESENTABLE_ANY_TIME, keepUntilMs, grant);
    }

    @Override
    public <G> GateVerdict<G> redeem(String key, long presentableFromMs, long keepUntilMs, Grant<G> grant) {
        if (isChallenge(key) && !issuedHere.containsKey(key)) {
            GateVerdict.Rejected<G> held = heldWhileSettling(key);
            if (held != null) {
                return held;
            }
        }
        // Memory goes back to the store before anything is answered, a replay of a memory redemption included:
        // answered from memory alone, the store would not learn the key and another node could grant it again.
        if (!toWriteBack.isEmpty() && !storeReturned()) {
            if (redeemedInMemory.containsKey(key)) {
                return Redemptions.replayed(key);
            }
            return whileFailing(key, keepUntilMs, grant, unavailable("the redemption store is unreachable"));
        }
        if (redeemedInMemory.containsKey(key)) {
            return Redemptions.replayed(key);
        }
        GateVerdict<G> verdict = durable.redeem(key, presentableFromMs, keepUntilMs, grant);
        if (verdict instanceof GateVerdict.Rejected<G> refused
                && refused.reason() == RejectionReason.STORE_UNAVAILABLE) {
            return whileFailing(key, keepUntilMs, grant, refused);
        }
        // Redeemed (or found redeemed) in the durable store: never again redeemable here in fail-open mode.
        issuedHere.computeIfPresent(key, (k, until) -> -Math.abs(until));
        if (failingSinceMs.get() != -1) {
            storeReturned(); // the store answered after a failure: settle, so foreign challenges wait
        }
        return verdict;
    }

    private <G> GateVerdict<G> whileFailing(String key, long keepUntilMs, Grant<G> grant,
                                            GateVerdict.Rejected<G> unavailable) {
        long now = clock.millis();
        failingSinceMs.compareAndSet(-1, now);
        if (settings.failMode() == FailMode.FAIL_SAFE
                || now - failingSinceMs.get() < settings.failOpenAfterMs()) {
            state = State.FAILING;
            return unavailable;
        }
        state = State.FAIL_OPEN;
        if (!(grant instanceof Grant.Stateless<G> stateless)) {
            return unavailable("fail_open grants stateless access tokens only, never " + grant.buys()
                    + " written to a database");
        }
        Long issuedUntil = issuedHere.get(key);
        if (issuedUntil == null || issuedUntil < now) {
            return unavailable("fail_open redeems only challenges this node issued since it started");
        }
        Long until = Math.max(keepUntilMs, issuedUntil);
        // The cap and the insert under one lock, so concurrent redemptions can not overshoot the cap together.
        synchronized (redeemedInMemory) {
            if (redeemedInMemory.containsKey(key)) {
                return Redemptions.replayed(key);
            }
            if (redeemedInMemory.size() >= settings.failOpenMaxTokens()) {
                return unavailable("fail_open holds " + settings.failOpenMaxTokens() + " tokens already "
                        + "(gate.fail_open_max_tokens)");
            }
            redeemedInMemory.put(key, until);
        }
        boolean granted = false;
        try {
            GateVerdict<G> verdict = stateless.mint().get();
            granted = verdict.isAccepted();
            return verdict;
        } finally {
            if (granted) {
                toWriteBack.put(key, until);
                failOpenGrants.incrementAndGet();
            } else {
                redeemedInMemory.remove(key, until);
            }
        }
    }

    /**
     * A challenge issued elsewhere is not redeemed while the store is known to fail (this node can not redeem it in
     * memory), nor within {@link #SETTLE_MS} of the store's return: its issuer may have redeemed it in memory and
     * not yet written that back. Null when it may go to the store.
     */
    private <G> GateVerdict.Rejected<G> heldWhileSettling(String key) {
        if (failingSinceMs.get() != -1) {
            // This node saw the store fail: it must see it answer, and start settling, before a foreign key goes in.
            if (!durable.answers() || !storeReturned()) {
                return null; // still failing: the store (or whileFailing) refuses it as before
            }
        }
        long now = clock.millis();
        if (now < settleUntilMs) {
            long left = settleUntilMs - now;
            return unavailable("the redemption store answers again after an outage; a challenge another node issued "
                    + "waits " + left + " ms more, until its issuer has written back what it redeemed in memory "
                    + "(send the receipt again shortly)");
        }
        return null;
    }

    /**
     * One turn of the store watch, which the node runs every {@link #WATCH_MS}: notes an outage the moment the store
     * stops answering, and when it answers again writes the memory redemptions back at once and starts settling —
     * without waiting for a redemption or the prune.
     */
    public void watchOnce() {
        if (!durable.answers()) {
            failingSinceMs.compareAndSet(-1, clock.millis());
            if (state == State.NORMAL) {
                state = State.FAILING;
            }
            return;
        }
        if (failingSinceMs.get() != -1 || !toWriteBack.isEmpty()) {
            storeReturned();
        }
    }

    /**
     * The store answers again: memory first (false if that write fails), then the settling window, then normal.
     * Settling starts only after a failure this node saw; memory alone (a write-back that failed half way) does not.
     */
    private boolean storeReturned() {
        boolean sawFailure = failingSinceMs.get() != -1;
        if (!toWriteBack.isEmpty() && !writeBack()) {
            return false;
        }
        if (sawFailure) {
            settleUntilMs = Math.max(settleUntilMs, clock.millis() + SETTLE_MS);
        }
        recovered();
        return true;
    }

    private static boolean isChallenge(String key) {
        return key.startsWith(Redemptions.challengeKey(""));
    }

    /**
     * Writes the keys redeemed in memory to the durable store; false if it is still unreachable. Written without a
     * presentable-from time: recording a key is always safe, and a store's restart guard is for grants.
     */
    private boolean writeBack() {
        for (Map.Entry<String, Long> entry : toWriteBack.entrySet()) {
            GateVerdict<Boolean> written = durable.redeem(entry.getKey(), entry.getValue(),
                    Grant.stateless(() -> GateVerdict.accepted(true)));
            if (written instanceof GateVerdict.Rejected<Boolean> refused
                    && refused.reason() == RejectionReason.STORE_UNAVAILABLE) {
                return false;
            }
            // Recorded now or already there (another node's replay of it was refused): either way it is durable.
            toWriteBack.remove(entry.getKey(), entry.getValue());
        }
        return true;
    }

    private void recovered() {
        failingSinceMs.set(-1);
        state = State.NORMAL;
    }

    /**
     * Also writes memory redemptions back once the store answers, so the node's periodic prune ends fail-open's
     * window even when no redemption reaches this node after the outage.
     */
    @Override
    public int forgetExpired(long nowMs) {
        if (!toWriteBack.isEmpty()) {
            storeReturned();
        }
        issuedHere.values().removeIf(until -> Math.abs(until) < nowMs);
        int before = redeemedInMemory.size();
        // Keys not yet written back stay in memory, whatever their time: they are the only record of the grant.
        redeemedInMemory.entrySet().removeIf(entry -> entry.getValue() < nowMs
                && !toWriteBack.containsKey(entry.getKey()));
        return before - redeemedInMemory.size() + durable.forgetExpired(nowMs);
    }

    @Override
    public boolean answers() {
        return durable.answers();
    }

    public State state() {
        return state;
    }

    /** Tokens granted in fail-open mode since the node started: the alert's counter. */
    public long failOpenGrants() {
        return failOpenGrants.get();
    }

    /** Fail-open redemptions held in memory now. */
    public int heldInMemory() {
        return redeemedInMemory.size();
    }

    /** Closes the durable store when it holds connections of its own (Redis); the node's database is not its to close. */
    @Override
    public void close() {
        if (durable instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the redemption store failed", e);
            }
        }
    }

    private static <G> GateVerdict.Rejected<G> unavailable(String detail) {
        return new GateVerdict.Rejected<>(RejectionReason.STORE_UNAVAILABLE, detail);
    }
}
