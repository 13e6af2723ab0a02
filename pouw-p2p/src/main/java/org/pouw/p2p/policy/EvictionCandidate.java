package org.pouw.p2p.policy;

import java.time.Duration;
import java.time.Instant;
import org.pouw.p2p.discovery.AddressGroup;

/**
 * What the inbound eviction looks at of one inbound link: none of it is the peer's claim. The group is of the TCP
 * address, times are the local clock's, the latency is this node's own ping, and "useful relay" is what the chain
 * found valid and new.
 *
 * @param id          the link, returned as the victim
 * @param minRtt      the best ping round trip seen, or null before the first answer
 * @param lastBlockAt when the peer last sent a new valid block (EPOCH if never)
 * @param lastTxAt    when the peer last sent a new valid transaction (EPOCH if never)
 */
public record EvictionCandidate<T>(T id, AddressGroup group, Instant connectedAt, Duration minRtt,
        Instant lastBlockAt, Instant lastTxAt) {
    Duration rttOrWorst() {
        return minRtt == null ? Duration.ofDays(365) : minRtt;
    }
}
