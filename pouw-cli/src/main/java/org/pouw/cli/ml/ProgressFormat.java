package org.pouw.cli.ml;

import java.util.Locale;

/** The text pieces the progress views share, so a bar and a plain line say the same things the same way. */
final class ProgressFormat {
    private ProgressFormat() {
    }

    /** {@code "step 590/1875 (epoch 1/15)  loss 0.4123  acc 88.3%  412 steps/s  ETA 0:03"}. */
    static String figures(Progress p) {
        return String.format(Locale.ROOT, "step %d/%d (epoch %d/%d)  loss %.4f  acc %s  %s steps/s  ETA %s",
                p.step(), p.steps(), p.epoch(), p.epochs(), p.loss(), percent(p.accuracy()), rate(p.stepsPerSecond()),
                duration(p.etaSeconds()));
    }

    static String percent(double fraction) {
        return Double.isNaN(fraction) ? "  -  " : String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    static String rate(double perSecond) {
        return perSecond >= 100 || perSecond == 0 ? String.format(Locale.ROOT, "%.0f", perSecond)
                : String.format(Locale.ROOT, "%.1f", perSecond);
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour up; {@code -:--} while unknown. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "-:--";
        }
        long total = Math.round(seconds);
        long hours = total / 3600;
        return hours > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, total / 60 % 60, total % 60)
                : String.format(Locale.ROOT, "%d:%02d", total / 60, total % 60);
    }
}
