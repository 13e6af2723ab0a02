package org.pouw.core.market;

/** One job a work kind carved out of an intent, before the market numbers, funds and stores it. */
public record PlannedJob(String kind, String traceHash, String traceRef, String params) {
}
