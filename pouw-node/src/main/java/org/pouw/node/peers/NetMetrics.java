package org.pouw.node.peers;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.pouw.p2p.ConnectionKeeper;
import org.pouw.p2p.PeerNode;
import org.pouw.p2p.RejectReason;
import org.pouw.p2p.TrafficCounters;
import org.pouw.p2p.policy.LinkPurpose;

/**
 * The peer-to-peer figures in the node's Prometheus registry (docs/operations.md, "Metrics"): frames and bytes by
 * direction and frame type, refusals by reason, bans, peers by purpose, the address manager's tables. Every label
 * value comes from an enum of this version, registered once here, so no peer can add a series.
 */
final class NetMetrics {
    NetMetrics(MeterRegistry registry, PeerNode node, ConnectionKeeper keeper) {
        TrafficCounters traffic = node.traffic();
        for (String label : TrafficCounters.labels()) {
            FunctionCounter.builder("pouw_p2p_frames", traffic, t -> t.in(label).frames())
                    .description("link frames by direction and type").tags("direction", "in", "type", label)
                    .register(registry);
            FunctionCounter.builder("pouw_p2p_frames", traffic, t -> t.out(label).frames())
                    .description("link frames by direction and type").tags("direction", "out", "type", label)
                    .register(registry);
            FunctionCounter.builder("pouw_p2p_bytes", traffic, t -> t.in(label).bytes())
                    .description("link frame bytes by direction and type").tags("direction", "in", "type", label)
                    .register(registry);
            FunctionCounter.builder("pouw_p2p_bytes", traffic, t -> t.out(label).bytes())
                    .description("link frame bytes by direction and type").tags("direction", "out", "type", label)
                    .register(registry);
        }
        for (RejectReason reason : RejectReason.values()) {
            FunctionCounter.builder("pouw_p2p_refusals", traffic, t -> t.refusals(reason))
                    .description("peers refused or charged, by reject reason")
                    .tags("reason", reason.name().toLowerCase(java.util.Locale.ROOT)).register(registry);
        }
        FunctionCounter.builder("pouw_p2p_bans", traffic, TrafficCounters::bans)
                .description("peers banned (each ban of a peer id, with its address)").register(registry);
        FunctionCounter.builder("pouw_p2p_addresses_dropped", keeper, ConnectionKeeper::addressesDropped)
                .description("address records dropped unread: the sender was over its token bucket")
                .register(registry);
        for (LinkPurpose purpose : LinkPurpose.values()) {
            Gauge.builder("pouw_p2p_peers", keeper, k -> k.linkCounts().get(purpose))
                    .description("connected peers by purpose (direction: inbound, or one of the outbound kinds)")
                    .tags("purpose", purpose.label()).register(registry);
        }
        Gauge.builder("pouw_p2p_addresses", keeper, k -> k.addresses().newCount())
                .description("addresses the address manager holds, by table").tags("table", "new").register(registry);
        Gauge.builder("pouw_p2p_addresses", keeper, k -> k.addresses().triedCount())
                .description("addresses the address manager holds, by table").tags("table", "tried")
                .register(registry);
        Gauge.builder("pouw_p2p_tip_stale", keeper, k -> k.isTipStale() ? 1 : 0)
                .description("1 while no block arrived for p2p.stale_tip_after_ms").register(registry);
    }
}
