package org.pouw.core.market;

import org.pouw.core.id.Hash32;

/** One job a work kind carved out of an intent, before the market numbers, funds and stores it. */
public record PlannedJob(String kind, Hash32 traceHash, String traceRef, String params) {
}
