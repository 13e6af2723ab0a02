package org.pouw.core.market;

/**
 * The market's rules, checked once at start (every value names its setting when wrong) and then frozen.
 *
 * @param defaultLeaseMs lease length when a claim names none
 * @param maxLeaseMs     the longest lease or extension a worker may ask for
 * @param maxRetries     attempts a job gets before it moves to the dead-letter queue
 * @param jobTtlMs       how long after creation a job's deadline falls
 * @param rewardPermille the share of a job's fee paid to the prover that completes it, in thousandths
 * @param maxClaimBatch  the most jobs one claim may take
 * @param discipline     strike budgets, quarantine, probation and the caps on new provers (issue 18, defect 1)
 * @param idempotencyRetentionMs how long an intent's {@code Idempotency-Key} stays bound (issue 18, defect 10)
 * @param basePrices     the base price of work per kind, charged at posting and kept (issue 27, item 1); with a
 *                       demand rule for the kind, its floor
 * @param demand         how base prices follow the queue (issue 27, item 1)
 * @param history        when finished jobs move to the history tables and how long they stay (issue 26)
 * @param maxOpenSteps   the most work, in steps, one requester may have open (its intents neither proven nor
 *                       expired) when it posts another (issue 27, item 1); 0 sets no cap
 * @param jobCaps        the largest job the node accepts: memory and result size (issue 27, item 3)
 * @param auction        the reverse auction of rewards and the collateral behind claims (issue 27, items 2 and 4)
 * @param creditUnit     the margin the node keeps from a job paid by others that earns its prover one whole verified
 *                       result of reputation; less earns the share (issue 27, item 4; {@link Reputation#credit})
 * @param levels         what a prover's level governs when turned on: concurrent leases, the ml-train audit sample,
 *                       probation after a failed audit (issue 27, item 4; {@link LevelConsequences})
 */
public record MarketSettings(long defaultLeaseMs, long maxLeaseMs, int maxRetries, long jobTtlMs,
                             int rewardPermille, int maxClaimBatch, DisciplineSettings discipline,
                             long idempotencyRetentionMs, BasePrices basePrices, DemandRule demand,
                             HistorySettings history, long maxOpenSteps, JobCaps jobCaps,
                             ReverseAuction auction, long creditUnit, LevelConsequences levels) {
    /** Settings whose levels govern nothing ({@link LevelConsequences#OFF}). */
    public MarketSettings(long defaultLeaseMs, long maxLeaseMs, int maxRetries, long jobTtlMs, int rewardPermille,
                          int maxClaimBatch, DisciplineSettings discipline, long idempotencyRetentionMs,
                          BasePrices basePrices, DemandRule demand, HistorySettings history, long maxOpenSteps,
                          JobCaps jobCaps, ReverseAuction auction, long creditUnit) {
        this(defaultLeaseMs, maxLeaseMs, maxRetries, jobTtlMs, rewardPermille, maxClaimBatch, discipline,
                idempotencyRetentionMs, basePrices, demand, history, maxOpenSteps, jobCaps, auction, creditUnit,
                LevelConsequences.OFF);
    }

    /** Settings with the default reputation credit unit ({@link #DEFAULT_CREDIT_UNIT}). */
    public MarketSettings(long defaultLeaseMs, long maxLeaseMs, int maxRetries, long jobTtlMs, int rewardPermille,
                          int maxClaimBatch, DisciplineSettings discipline, long idempotencyRetentionMs,
                          BasePrices basePrices, DemandRule demand, HistorySettings history, long maxOpenSteps,
                          JobCaps jobCaps, ReverseAuction auction) {
        this(defaultLeaseMs, maxLeaseMs, maxRetries, jobTtlMs, rewardPermille, maxClaimBatch, discipline,
                idempotencyRetentionMs, basePrices, demand, history, maxOpenSteps, jobCaps, auction,
                DEFAULT_CREDIT_UNIT);
    }

    /** Any margin of at least one base unit earns a whole result. */
    public static final long DEFAULT_CREDIT_UNIT = 1;

    /** Settings with the default discipline and key retention, and no base prices. */
    public MarketSettings(long defaultLeaseMs, long maxLeaseMs, int maxRetries, long jobTtlMs, int rewardPermille,
                          int maxClaimBatch) {
        this(defaultLeaseMs, maxLeaseMs, maxRetries, jobTtlMs, rewardPermille, maxClaimBatch,
                DisciplineSettings.defaults(), DEFAULT_IDEMPOTENCY_RETENTION_MS, BasePrices.NONE,
                DemandRule.FIXED, HistorySettings.defaults(), NO_CAP, JobCaps.DEFAULTS, ReverseAuction.OFF);
    }

    /** {@link #maxOpenSteps} when requesters' open work is not capped. */
    public static final long NO_CAP = 0;

    /** A day: far longer than any client retries a lost answer, short enough to keep the table small. */
    public static final long DEFAULT_IDEMPOTENCY_RETENTION_MS = 86_400_000L;

    public MarketSettings {
        java.util.Objects.requireNonNull(discipline, "discipline");
        java.util.Objects.requireNonNull(basePrices, "basePrices");
        java.util.Objects.requireNonNull(demand, "demand");
        java.util.Objects.requireNonNull(history, "history");
        java.util.Objects.requireNonNull(jobCaps, "jobCaps");
        java.util.Objects.requireNonNull(auction, "auction");
        java.util.Objects.requireNonNull(levels, "levels");
        basePrices.perThousandSteps().forEach((kind, floor) -> {
            if (floor > demand.ceiling()) {
                throw new IllegalArgumentException("price.ceiling must be >= every base price, got "
                        + demand.ceiling() + " < base_price." + kind + " = " + floor);
            }
        });
        requirePositive("idempotency_retention_ms", idempotencyRetentionMs);
        requirePositive("reputation.credit_unit", creditUnit);
        if (maxOpenSteps < 0) {
            throw new IllegalArgumentException("max_open_steps_per_requester must be >= 0 (0: no cap), got "
                    + maxOpenSteps);
        }
        requirePositive("lease_ms", defaultLeaseMs);
        requirePositive("max_lease_ms", maxLeaseMs);
        if (defaultLeaseMs > maxLeaseMs) {
            throw new IllegalArgumentException("lease_ms must be <= max_lease_ms, got " + defaultLeaseMs + " > "
                    + maxLeaseMs);
        }
        requirePositive("max_retries", maxRetries);
        requirePositive("job_ttl_ms", jobTtlMs);
        if (rewardPermille < 0 || rewardPermille > 1000) {
            throw new IllegalArgumentException("reward_permille must be in [0, 1000], got " + rewardPermille);
        }
        requirePositive("max_claim_batch", maxClaimBatch);
    }

    public static MarketSettings defaults() {
        return new MarketSettings(30_000, 600_000, 3, 3_600_000, 900, 256);
    }

    /** These settings with another discipline. */
    public MarketSettings withDiscipline(DisciplineSettings other) {
        return new MarketSettings(defaultLeaseMs, maxLeaseMs, maxRetries, jobTtlMs, rewardPermille, maxClaimBatch,
                other, idempotencyRetentionMs, basePrices, demand, history, maxOpenSteps, jobCaps, auction, creditUnit, levels);
    }

    /** These settings with other base prices. */
    public MarketSettings withBasePrices(BasePrices other) {
        return new MarketSettings(defaultLeaseMs, maxLeaseMs, maxRetries, jobTtlMs, rewardPermille, maxClaimBatch,
                discipline, idempotencyRetentionMs, other, demand, history, maxOpenSteps, jobCaps, auction, creditUnit, levels);
    }

    /** These settings with another demand rule. */
    public MarketSettings withDemand(DemandRule other) {
        return new MarketSettings(defaultLeaseMs, maxLeaseMs, maxRetries, jobTtlMs, rewardPermille, maxClaimBatch,
                discipline, idempotencyRetentionMs, basePrices, other, history, maxOpenSteps, jobCaps, auction, creditUnit, levels);
    }

    /** These settings with another history policy. */
    public MarketSettings withHistory(HistorySettings other) {
        return new MarketSettings(defaultLeaseMs, maxLeaseMs, maxRetries, jobTtlMs, rewardPermille, maxClaimBatch,
                discipline, idempotencyRetentionMs, basePrices, demand, other, maxOpenSteps, jobCaps, auction, creditUnit, levels);
    }

    /** These settings with another cap on each requester's open work ({@link #NO_CAP}: none). */
    public MarketSettings withMaxOpenSteps(long other) {
        return new MarketSettings(defaultLeaseMs, maxLeaseMs, maxRetries, jobTtlMs, rewardPermille, maxClaimBatch,
                discipline, idempotencyRetentionMs, basePrices, demand, history, other, jobCaps, auction, creditUnit, levels);
    }

    /** These settings with other caps on the jobs the node accepts. */
    public MarketSettings withJobCaps(JobCaps other) {
        return new MarketSettings(defaultLeaseMs, maxLeaseMs, maxRetries, jobTtlMs, rewardPermille, maxClaimBatch,
                discipline, idempotencyRetentionMs, basePrices, demand, history, maxOpenSteps, other, auction, creditUnit, levels);
    }

    /** These settings with another auction and collateral rule. */
    public MarketSettings withAuction(ReverseAuction other) {
        return new MarketSettings(defaultLeaseMs, maxLeaseMs, maxRetries, jobTtlMs, rewardPermille, maxClaimBatch,
                discipline, idempotencyRetentionMs, basePrices, demand, history, maxOpenSteps, jobCaps, other, creditUnit, levels);
    }

    /** Refuses a lease or extension a worker asked for outside [1, {@link #maxLeaseMs}], naming {@code field}. */
    void checkLeaseLength(String field, long ms) {
        if (ms <= 0 || ms > maxLeaseMs) {
            throw org.pouw.core.PouwException.invalid(field, "must be between 1 and " + maxLeaseMs + " ms, got "
                    + ms);
        }
    }

    /** These settings with other consequences of reputation levels. */
    public MarketSettings withLevels(LevelConsequences other) {
        return new MarketSettings(defaultLeaseMs, maxLeaseMs, maxRetries, jobTtlMs, rewardPermille, maxClaimBatch,
                discipline, idempotencyRetentionMs, basePrices, demand, history, maxOpenSteps, jobCaps, auction,
                creditUnit, other);
    }

    /** These settings with another reputation credit unit. */
    public MarketSettings withCreditUnit(long other) {
        return new MarketSettings(defaultLeaseMs, maxLeaseMs, maxRetries, jobTtlMs, rewardPermille, maxClaimBatch,
                discipline, idempotencyRetentionMs, basePrices, demand, history, maxOpenSteps, jobCaps, auction, other, levels);
    }

    public long rewardFor(long fee) {
        return Math.multiplyExact(fee, rewardPermille) / 1000;
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }
}
