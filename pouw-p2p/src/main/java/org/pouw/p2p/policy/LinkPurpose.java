package org.pouw.p2p.policy;

/**
 * Why a link exists, which decides what it counts against and what travels on it (issue 20 §4). Names are the
 * closed label set of the metrics and of {@code GET /v1/net/peers}.
 */
public enum LinkPurpose {
    /** One of the 8 outbound links that carry everything: blocks, transactions, addresses. */
    FULL_RELAY("full-relay"),
    /**
     * One of the 2 outbound links that carry blocks only: no transactions and no addresses, so a spy cannot learn
     * from them which peers this node has, and they survive a restart as anchors.
     */
    BLOCK_RELAY("block-relay"),
    /** A short outbound connection that only tests an address (moves it to tried, or settles a collision). */
    FEELER("feeler"),
    /** An outbound link an operator asked for ({@code pouw peers add}); outside the slots. */
    MANUAL("manual"),
    /** A link a peer dialed; subject to the per-IP cap and to eviction. */
    INBOUND("inbound");

    private final String label;

    LinkPurpose(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean outbound() {
        return this != INBOUND;
    }
}
