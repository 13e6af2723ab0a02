package org.pouw.node.config;

/**
 * How this node takes {@code ml-train} tasks (docs/ml.md): the longest run it accepts, how many steps it audits
 * per job, and the share of the reward paid when a verified model misses its task's target (the rest goes back
 * to the client). Audits and share are written into each job when it is created.
 */
public record MlSettings(long maxSteps, int audits, int missedTargetRewardPercent) {
}
