package org.pouw.core.market;

/**
 * The limits that keep one identity, or a swarm of fresh ones, from dead-lettering other people's jobs for free
 * (issue 18, defect 1), checked once at start and then frozen.
 *
 * @param strikeBudget        strikes (failures, lease expiries, deadlines missed while leased) a prover may collect
 *                            in the window; the one that reaches it quarantines the prover
 * @param networkStrikeBudget the same for all provers claiming from one address prefix (IPv6 /64, IPv4 address)
 * @param windowMs            the sliding window the strikes are counted in
 * @param quarantineMs        how long a quarantine lasts; claims are refused with 429 meanwhile
 * @param probationMs         how long after a quarantine the prover stays on probation
 * @param newProverMaxJobs    the most jobs a new or probation prover may hold at once
 * @param newProverMaxLeaseMs the longest lease a new or probation prover may take
 * @param graceMs             how long a lease that ran out while the node refused its holder is extended
 * @param releaseBudget       leases a prover may hand back in the window without spending a retry or collecting a
 *                            strike (a graceful stop); past it a release counts as a failure
 * @param strikesPerRequester of a prover's (or a prefix's) strikes on jobs not yet completed, how many collected on
 *                            one requester's jobs count towards its budget (issue 27, item 4): below the budget, no
 *                            requester alone can strike an honest prover out with work nobody can do
 */
public record DisciplineSettings(int strikeBudget, int networkStrikeBudget, long windowMs, long quarantineMs,
                                 long probationMs, int newProverMaxJobs, long newProverMaxLeaseMs, long graceMs,
                                 int releaseBudget, int strikesPerRequester) {
    /** The default of {@code strikes_per_requester}: one. */
    public static final int STRIKES_PER_REQUESTER = 1;

    /** With the default {@code strikes_per_requester}. */
    public DisciplineSettings(int strikeBudget, int networkStrikeBudget, long windowMs, long quarantineMs,
                              long probationMs, int newProverMaxJobs, long newProverMaxLeaseMs, long graceMs,
                              int releaseBudget) {
        this(strikeBudget, networkStrikeBudget, windowMs, quarantineMs, probationMs, newProverMaxJobs,
                newProverMaxLeaseMs, graceMs, releaseBudget, STRIKES_PER_REQUESTER);
    }

    public DisciplineSettings {
        positive("strike_budget", strikeBudget);
        positive("network_strike_budget", networkStrikeBudget);
        positive("strike_window_ms", windowMs);
        positive("quarantine_ms", quarantineMs);
        positive("probation_ms", probationMs);
        positive("new_prover_max_jobs", newProverMaxJobs);
        positive("new_prover_max_lease_ms", newProverMaxLeaseMs);
        positive("lease_grace_ms", graceMs);
        positive("strikes_per_requester", strikesPerRequester);
        if (releaseBudget < 0) {
            throw new IllegalArgumentException("release_budget must be >= 0, got " + releaseBudget);
        }
    }

    /** These settings with {@code strikes_per_requester} = {@code perRequester}. */
    public DisciplineSettings withStrikesPerRequester(int perRequester) {
        return new DisciplineSettings(strikeBudget, networkStrikeBudget, windowMs, quarantineMs, probationMs,
                newProverMaxJobs, newProverMaxLeaseMs, graceMs, releaseBudget, perRequester);
    }

    public static DisciplineSettings defaults() {
        return new DisciplineSettings(5, 20, 600_000, 1_800_000, 3_600_000, 4, 120_000, 30_000, 64);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }
}
