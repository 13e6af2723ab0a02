package org.pouw.core.market;

import org.pouw.core.job.Job;

/**
 * The reverse Dutch auction and the collateral behind a claim (issue 27, items 2 and 4; docs/economics.md, "Bids and
 * collateral"). A job's offer starts at {@code floorPermille} of its {@code reward_budget} when it is posted and
 * rises linearly to the whole budget over {@code rampMs}; the first claim fixes the price at the offer of that
 * moment, and it never moves again, so holding a job while the offer would have risen earns nothing (the ramp is in
 * effect paused from the first claim on). A claim locks {@code collateralPermille} of the price (rounded up) from the
 * claimer's balance; a lease that ends without a result by the holder's doing forfeits {@code forfeitPermille} of
 * it, or all of it once an audit challenge was drawn or a proof was rejected.
 *
 * <p>Integer arithmetic only, exact for every long amount (no product of two amounts is formed), so every node
 * sharing a database fixes the same price.
 *
 * @param floorPermille      where the offer starts, in thousandths of the budget (1000: no ramp)
 * @param rampMs             how long the offer takes to reach the budget; 0 turns the auction off (the whole
 *                           budget is paid, as before)
 * @param collateralPermille collateral locked per claimed job, in thousandths of its price; 0: none
 * @param forfeitPermille    the share of the collateral forfeited by a lease that ends without a result
 */
public record ReverseAuction(int floorPermille, long rampMs, int collateralPermille, int forfeitPermille) {
    /** Thirty days: long enough for any market, short enough that {@code rampMs²} stays inside a long. */
    public static final long MAX_RAMP_MS = 2_592_000_000L;
    /** Collateral of at most ten times the price. */
    public static final int MAX_COLLATERAL_PERMILLE = 10_000;
    /** No ramp and no collateral: the market before issue 27's auction. */
    public static final ReverseAuction OFF = new ReverseAuction(1000, 0, 0, 0);

    public ReverseAuction {
        if (floorPermille < 0 || floorPermille > 1000) {
            throw new IllegalArgumentException("auction.floor_permille must be in [0, 1000], got " + floorPermille);
        }
        if (rampMs < 0 || rampMs > MAX_RAMP_MS) {
            throw new IllegalArgumentException("auction.ramp_ms must be in [0, " + MAX_RAMP_MS + "] (0: off), got "
                    + rampMs);
        }
        if (collateralPermille < 0 || collateralPermille > MAX_COLLATERAL_PERMILLE) {
            throw new IllegalArgumentException("collateral.permille must be in [0, " + MAX_COLLATERAL_PERMILLE
                    + "], got " + collateralPermille);
        }
        if (forfeitPermille < 0 || forfeitPermille > 1000) {
            throw new IllegalArgumentException("collateral.forfeit_permille must be in [0, 1000], got "
                    + forfeitPermille);
        }
    }

    /** Whether a claim has anything to do here: fix a price, or lock collateral. */
    public boolean active() {
        return rampMs > 0 || collateralPermille > 0;
    }

    /** Whether offers ramp (otherwise every job pays its whole budget and no price is fixed). */
    public boolean ramps() {
        return rampMs > 0;
    }

    /**
     * What {@code job} pays if claimed at {@code nowMs}: its fixed price once it has one, else the ramp's offer,
     * {@code floor + (budget − floor) × min(elapsed, ramp) / ramp} rounded down, with floor = budget × floor‰ rounded
     * down and elapsed counted from the job's creation.
     */
    public long offer(Job job, long nowMs) {
        if (job.price() != Job.UNPRICED || !ramps()) {
            return job.reward();
        }
        long budget = job.rewardBudget();
        long floor = permille(budget, floorPermille);
        long elapsed = Math.clamp(nowMs - job.createdAtMs(), 0, rampMs);
        return floor + scaled(budget - floor, elapsed, rampMs);
    }

    /**
     * The collateral a claim at {@code price} locks: collateral‰ of it, rounded up, so a priced job never locks 0;
     * {@code Long.MAX_VALUE} (which no balance covers) when it would not fit a long.
     */
    public long collateralFor(long price) {
        if (price / 1000 > Long.MAX_VALUE / MAX_COLLATERAL_PERMILLE - 1) {
            return Long.MAX_VALUE;
        }
        long down = permille(price, collateralPermille);
        boolean exact = (price % 1000) * collateralPermille % 1000 == 0;
        return exact ? down : down + 1;
    }

    /** What a lease that ended without a result forfeits of {@code collateral}: all of it, or forfeit‰ rounded down. */
    public long forfeitOf(long collateral, boolean whole) {
        return whole ? collateral : permille(collateral, forfeitPermille);
    }

    /**
     * {@code amount × permille / 1000} rounded down, exactly, for any non-negative amount when permille ≤ 1000, and
     * for amounts up to {@code Long.MAX_VALUE / 10} when it is at most 10,000.
     */
    static long permille(long amount, int permille) {
        return amount / 1000 * permille + amount % 1000 * permille / 1000;
    }

    /** {@code amount × part / whole} rounded down, exactly, for 0 ≤ part ≤ whole ≤ {@link #MAX_RAMP_MS}. */
    static long scaled(long amount, long part, long whole) {
        return amount / whole * part + amount % whole * part / whole;
    }
}
