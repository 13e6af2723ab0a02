package org.pouw.node.intents;

import org.pouw.core.job.Tier;

/** A client's intent as received: program source, input field elements, step bound, tier and fee. */
public record IntentRequest(String requester, String program, long[] inputs, long maxSteps, Tier tier, long fee) {
}
