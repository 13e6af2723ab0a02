package org.pouw.ml.train;

/**
 * What the optimiser's pass of one step saw of the words it read and wrote ({@link Trainer#watchingUpdate}), read
 * as the state's canonical encoding reads them (IEEE bits, every NaN one NaN, −0 not +0) — the chain's liveness
 * rule judges these (docs/chain.md §3.3) without a pass of its own over the parameters after the step.
 *
 * @param gradientZeroWords       gradient words that are ±0 (the gradient the update read)
 * @param changedParameterWords   parameter words whose canonical bits the update changed
 * @param subnormalParameterWords parameter words subnormal after the update
 * @param finite                  every parameter and optimiser-slot word after the update is finite
 */
public record UpdateVitals(long gradientZeroWords, long changedParameterWords, long subnormalParameterWords,
                           boolean finite) {
}
