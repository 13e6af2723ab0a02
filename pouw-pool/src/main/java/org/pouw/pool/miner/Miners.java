package org.pouw.pool.miner;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.pouw.core.Clock;

/**
 * The miners this pool process knows (issue 23 §3): each one's difficulty, share-rate cap and reputation, kept only
 * for identities that proved themselves with a valid signed share — so limits and reputation can not be pinned on
 * someone else, and an identity that never did valid work costs the pool no memory. Every time is the pool's
 * receive clock. One lock per miner, none across miners.
 */
public final class Miners {
    /** Whether a proven miner's share is looked at now. */
    public enum Admission { OPEN, BANNED, THROTTLED, RATE_LIMITED }

    /** What the pool reports to a miner with each answer (never signed into an attestation). */
    public record Standing(long difficulty, double reputation, boolean probation) {
    }

    private final VardiffSettings vardiff;
    private final ReputationSettings reputation;
    private final Clock clock;
    private final ConcurrentHashMap<String, MinerState> known = new ConcurrentHashMap<>();

    public Miners(VardiffSettings vardiff, ReputationSettings reputation, Clock clock) {
        this.vardiff = vardiff;
        this.reputation = reputation;
        this.clock = clock;
    }

    public Admission admit(String miner) {
        MinerState state = known.get(miner);
        if (state == null) {
            return Admission.OPEN;
        }
        synchronized (state) {
            long now = clock.millis();
            if (state.reputation.banned(now)) {
                return Admission.BANNED;
            }
            if (state.reputation.throttled(now)) {
                return Admission.THROTTLED;
            }
            return state.rate.tryTake(now) ? Admission.OPEN : Admission.RATE_LIMITED;
        }
    }

    /**
     * The difficulty a share stated at {@code stated} is credited at, or 0 when it is below what this miner must
     * send now. An unknown miner may state anything from the pool's minimum up.
     */
    public long creditFor(String miner, long stated) {
        MinerState state = known.get(miner);
        if (state == null) {
            return stated >= vardiff.minDifficulty() ? stated : 0;
        }
        synchronized (state) {
            return state.difficulty.creditFor(stated, clock.millis());
        }
    }

    /** The floor a share must state now: this miner's difficulty, or the pool's minimum for a miner not yet known. */
    public long required(String miner) {
        MinerState state = known.get(miner);
        if (state == null) {
            return vardiff.minDifficulty();
        }
        synchronized (state) {
            return state.difficulty.current(clock.millis());
        }
    }

    /** A valid share: the miner is proven from now on; its difficulty and reputation move. */
    public Standing accepted(String miner, long creditedDifficulty) {
        long now = clock.millis();
        MinerState state = known.computeIfAbsent(miner, m -> new MinerState(creditedDifficulty, now));
        synchronized (state) {
            state.reputation.valid(now);
            state.difficulty.accepted(now);
            return standing(state, now);
        }
    }

    /** An invalid or duplicate share the miner signed; nothing is kept for a miner never proven. */
    public void invalid(String miner) {
        MinerState state = known.get(miner);
        if (state != null) {
            synchronized (state) {
                state.reputation.bad(clock.millis());
            }
        }
    }

    public void stale(String miner) {
        MinerState state = known.get(miner);
        if (state != null) {
            synchronized (state) {
                state.reputation.stale(clock.millis());
            }
        }
    }

    public Optional<Standing> standing(String miner) {
        MinerState state = known.get(miner);
        if (state == null) {
            return Optional.empty();
        }
        synchronized (state) {
            return Optional.of(standing(state, clock.millis()));
        }
    }

    public int count() {
        return known.size();
    }

    private static Standing standing(MinerState state, long now) {
        return new Standing(state.difficulty.current(now),
                StrictMath.round(state.reputation.score(now) * 1000) / 1000.0, state.reputation.inProbation());
    }

    private final class MinerState {
        final MinerDifficulty difficulty;
        final ShareRateCap rate;
        final MinerReputation reputation;

        MinerState(long startDifficulty, long now) {
            difficulty = new MinerDifficulty(vardiff, startDifficulty, now);
            rate = new ShareRateCap(vardiff.maxSharesPerSecond(), now);
            reputation = new MinerReputation(Miners.this.reputation, now);
        }
    }
}
