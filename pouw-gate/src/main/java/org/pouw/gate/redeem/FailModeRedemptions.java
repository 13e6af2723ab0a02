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
 * <p>Reads time only through the {@link Clock} it is given.
 */
public final class FailModeRedemptions implements Redemptions, AutoCloseable {
    /** The state the node exports as a gauge: normal, failing (refusing for now), or fail-open (the alert). */
    public enum State {
        NORMAL,
        FAILING,
        FAIL_OPEN
    }

    /** More challenges than this issued and unexpired are not remembered: the newest are then not redeemable here. */
    static final int MAX_REMEMBERED_ISSUES = 1_000_000;

    private final Redemptions durable;
    private final RedemptionSettings settings;
    private final Clock clock;
    private final Map<String, Long> issuedHere = new ConcurrentHashMap<>();
    private final Map<String, Long> redeemedInMemory = new ConcurrentHashMap<>();
    private final Map<String, Long> toWriteBack = new ConcurrentHashMap<>();
    private final AtomicLong failingSinceMs = new AtomicLong(-1);
    private final AtomicLong failOpenGrants = new AtomicLong();
    private volatile State state = State.NORMAL;

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
        // Memory goes back to the store before anything is answered, a replay of a memory redemption included:
        // answered from memory alone, the store would not learn the key and another node could grant it again.
        if (!toWriteBack.isEmpty() && !writeBack()) {
            if (redeemedInMemory.containsKey(key)) {
                return Redemptions.replayed(key);
            }
            return whileFailing(key, keepUntilMs, grant, unavailable("the redemption store is unreachable"));
        }
        if (redeemedInMemory.containsKey(key)) {
            return Redemptions.replayed(key);
        }
        GateVerdict<G> verdict = durable.redeem(key, keepUntilMs, grant);
        if (verdict instanceof GateVerdict.Rejected<G> refused
                && refused.reason() == RejectionReason.STORE_UNAVAILABLE) {
            return whileFailing(key, keepUntilMs, grant, refused);
        }
        // Redeemed (or found redeemed) in the durable store: never again redeemable here in fail-open mode.
        issuedHere.remove(key);
        recovered();
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

    /** Writes the keys redeemed in memory to the durable store; false if it is still unreachable. */
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
        recovered();
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
            writeBack();
        }
        issuedHere.values().removeIf(until -> until < nowMs);
        int before = redeemedInMemory.size();
        // Keys not yet written back stay in memory, whatever their time: they are the only record of the grant.
        redeemedInMemory.entrySet().removeIf(entry -> entry.getValue() < nowMs
                && !toWriteBack.containsKey(entry.getKey()));
        return before - redeemedInMemory.size() + durable.forgetExpired(nowMs);
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
