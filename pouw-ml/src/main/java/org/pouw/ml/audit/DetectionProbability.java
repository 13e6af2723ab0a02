package org.pouw.ml.audit;

/**
 * How likely an audit is to catch a worker that faked steps (docs/ml.md, "Security argument").
 *
 * <p>Call a step <em>bad</em> if its committed leaf is not the honest transition from its committed start state,
 * or does not chain to its neighbour. A worker whose final state is not the honest one must have at least one bad
 * step. An audit of k distinct steps drawn uniformly after the commitment (from a range of n steps, m of them bad)
 * misses every bad step with probability C(n − m, k) / C(n, k) ≤ (1 − m/n)^k.
 */
public final class DetectionProbability {
    private DetectionProbability() {
    }

    /** Exactly {@code 1 − C(n − m, k) / C(n, k)}: k distinct audits of n steps, m bad. */
    public static double exact(long steps, long badSteps, long audits) {
        if (steps < 1 || badSteps < 0 || badSteps > steps || audits < 0) {
            throw new IllegalArgumentException("need 0 <= bad <= steps, steps >= 1, audits >= 0");
        }
        long k = Math.min(audits, steps);
        double miss = 1.0;
        for (long i = 0; i < k; i++) {
            miss *= (double) (steps - badSteps - i) / (steps - i);
            if (miss <= 0.0) {
                return 1.0;
            }
        }
        return 1.0 - miss;
    }

    /** The lower bound {@code 1 − (1 − f)^k} for a bad fraction f, which holds for any range length. */
    public static double lowerBound(double badFraction, long audits) {
        if (!(badFraction >= 0.0 && badFraction <= 1.0) || audits < 0) {
            throw new IllegalArgumentException("bad fraction must be in [0, 1] and audits >= 0");
        }
        return 1.0 - StrictMath.pow(1.0 - badFraction, audits);
    }

    /** The fewest audits that catch a bad fraction f with at least probability p, by the lower bound. */
    public static int auditsFor(double badFraction, double probability) {
        if (!(badFraction > 0.0 && badFraction <= 1.0) || !(probability >= 0.0 && probability < 1.0)) {
            throw new IllegalArgumentException("bad fraction must be in (0, 1] and probability in [0, 1)");
        }
        if (badFraction == 1.0) {
            return 1;
        }
        return (int) Math.ceil(StrictMath.log(1.0 - probability) / StrictMath.log(1.0 - badFraction));
    }
}
