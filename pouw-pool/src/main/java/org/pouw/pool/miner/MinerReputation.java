package org.pouw.pool.miner;

/**
 * One proven miner's record (issue 23 §3): decaying counts by outcome, a probation flag, and the times a throttle or
 * a ban ends. Only a miner that signed a valid share has one, and only shares it signed itself count in it, so nobody
 * can lower another miner's standing. Reported with each answer, never signed into an attestation. Not thread-safe:
 * {@link Miners} holds the lock.
 */
final class MinerReputation {
    private final ReputationSettings settings;
    private double valid;
    private double bad;
    private double stale;
    private int throttles;
    private long lastThrottleAtMs;
    private long validTotal;
    private long decayedAtMs;
    private long throttledUntilMs;
    private long bannedUntilMs;

    MinerReputation(ReputationSettings settings, long nowMs) {
        this.settings = settings;
        this.decayedAtMs = nowMs;
    }

    void valid(long nowMs) {
        decay(nowMs);
        valid++;
        validTotal++;
    }

    /** An invalid or duplicate share this miner signed. */
    void bad(long nowMs) {
        decay(nowMs);
        bad++;
        if (valid + bad >= settings.throttleMinShares() && bad > settings.throttleInvalidRate() * (valid + bad)) {
            // Throttles count towards a ban while they follow each other within a half-life.
            throttles = nowMs - lastThrottleAtMs > settings.halfLifeMs() ? 1 : throttles + 1;
            lastThrottleAtMs = nowMs;
            if (throttles >= settings.banAfterThrottles()) {
                bannedUntilMs = nowMs + settings.banMs();
                throttles = 0;
            } else {
                throttledUntilMs = nowMs + settings.throttleMs();
            }
        }
    }

    void stale(long nowMs) {
        decay(nowMs);
        stale++;
    }

    boolean banned(long nowMs) {
        return nowMs < bannedUntilMs;
    }

    boolean throttled(long nowMs) {
        return nowMs < throttledUntilMs;
    }

    boolean inProbation() {
        return validTotal < settings.probationShares();
    }

    /** 0…1: the share of recent work that was valid, stale shares counting half against. */
    double score(long nowMs) {
        decay(nowMs);
        double all = valid + bad + stale / 2;
        return all == 0 ? 0 : valid / all;
    }

    private void decay(long nowMs) {
        long elapsed = nowMs - decayedAtMs;
        if (elapsed <= 0) {
            return;
        }
        double keep = StrictMath.pow(0.5, (double) elapsed / settings.halfLifeMs());
        valid *= keep;
        bad *= keep;
        stale *= keep;
        decayedAtMs = nowMs;
    }
}
