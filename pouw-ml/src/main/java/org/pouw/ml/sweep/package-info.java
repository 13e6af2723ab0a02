/**
 * Hyperparameter sweeps with K-fold or hold-out validation (docs/ml.md, "Sweeps"): {@link org.pouw.ml.sweep.SweepPlan}
 * turns configurations × folds into ordinary training tasks, each of which is trained, audited and scored like any
 * other; {@link org.pouw.ml.sweep.SweepReport} summarises their held-out scores per configuration.
 */
package org.pouw.ml.sweep;
