package org.pouw.p2p;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.concurrent.atomic.LongAdder;
import org.pouw.p2p.discovery.AddressBook;
import org.pouw.p2p.discovery.IpLiteral;
import org.pouw.p2p.discovery.SignedAddress;
import org.pouw.p2p.peers.Offence;
import org.pouw.p2p.policy.LinkPurpose;
import org.pouw.p2p.policy.PeerPolicy;
import org.pouw.p2p.wire.Addr;
import org.pouw.p2p.wire.Frame;
import org.pouw.p2p.wire.GetAddr;

/**
 * Signed address gossip (docs/p2p.md §10): {@code get_addr} once per link, answered from the address manager's
 * sample; {@code addr} of at most 1,000 records, each signed by the node it names. What a peer may make this node
 * process is bounded: records past the link's token bucket (1,000 after this node asked, else one per ten seconds)
 * are dropped unread, and block-relay-only and feeler links carry no addresses at all.
 */
final class AddressGossip {
    static final double TOKENS_PER_SECOND = 0.1;
    /** An {@code addr} of at most this many fresh records is passed on to two more peers (a node announcing itself). */
    static final int RELAY_AT_MOST = 10;
    static final Duration FRESH = Duration.ofMinutes(10);

    private final PeerNode node;
    private final AddressBook addresses;
    private final PeerPolicy policy;
    private final InstantSource clock;
    private final RandomGenerator random;
    final LongAdder dropped = new LongAdder();

    AddressGossip(PeerNode node, AddressBook addresses, PeerPolicy policy, RandomGenerator random) {
        this.node = node;
        this.addresses = addresses;
        this.policy = policy;
        this.clock = node.config().clock();
        this.random = random;
    }

    /** Asks an outbound full-relay peer for addresses, and makes room for its whole answer. */
    void ask(KeptLink kept) {
        synchronized (kept) {
            kept.addrTokens += AddressBook.MAX_GOSSIP;
        }
        kept.link.send(Frame.newBuilder().setGetAddr(GetAddr.getDefaultInstance()).build());
    }

    /** Tells a peer where this node listens, signed now, if it has an address to tell. */
    void advertise(KeptLink kept) {
        own().ifPresent(self -> kept.link.send(addrFrame(List.of(self))));
    }

    Optional<SignedAddress> own() {
        if (policy.advertisedHost().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(SignedAddress.sign(node.config().keys(), policy.advertisedHost(), node.port(),
                clock.instant()));
    }

    void onFrame(KeptLink kept, Frame frame, List<KeptLink> relayTo) {
        if (kept.purpose == LinkPurpose.BLOCK_RELAY || kept.purpose == LinkPurpose.FEELER) {
            return;     // no addresses on these links, either way
        }
        if (frame.hasGetAddr()) {
            answer(kept);
        } else if (frame.hasAddr()) {
            take(kept, frame.getAddr(), relayTo);
        }
    }

    /**
     * Answers the first {@code get_addr} of an inbound peer; repeats and outbound peers' requests are ignored
     * (Bitcoin's rule: a peer this node dialed could otherwise learn its whole view by asking on every link).
     */
    private void answer(KeptLink kept) {
        synchronized (kept) {
            if (kept.purpose != LinkPurpose.INBOUND || kept.answeredGetAddr) {
                return;
            }
            kept.answeredGetAddr = true;
        }
        kept.link.send(addrFrame(addresses.sample()));
    }

    private void take(KeptLink kept, Addr addr, List<KeptLink> relayTo) {
        if (addr.getAddressesCount() > AddressBook.MAX_GOSSIP) {
            node.punish(kept.link, new Refusal(RejectReason.OVERSIZED, Offence.OVERSIZED,
                    "addr of " + addr.getAddressesCount() + " records, limit " + AddressBook.MAX_GOSSIP));
            return;
        }
        List<SignedAddress> records = new ArrayList<>();
        for (org.pouw.p2p.wire.SignedAddress wire : addr.getAddressesList()) {
            SignedAddress record;
            try {
                record = SignedAddress.fromWire(wire);
            } catch (IllegalArgumentException e) {
                node.punish(kept.link, new Refusal(RejectReason.MALFORMED, Offence.MALFORMED,
                        "an addr record is malformed: " + e.getMessage()));
                return;
            }
            if (!record.verifies()) {
                // An honest relay checks every signature before passing a record on.
                node.punish(kept.link, new Refusal(RejectReason.BAD_SIGNATURE, Offence.MALFORMED,
                        "an addr record's signature does not verify"));
                return;
            }
            records.add(record);
        }
        Instant now = clock.instant();
        List<SignedAddress> fresh = new ArrayList<>();
        for (SignedAddress record : records) {
            if (!spendToken(kept, now)) {
                dropped.increment();
                continue;
            }
            InetAddress ip = IpLiteral.parse(record.host()).orElseThrow();
            if ((!policy.allowLocalAddresses() && !IpLiteral.isPublic(ip)) || record.peerId().equals(node.self())) {
                continue;
            }
            if (addresses.add(record, kept.link.address())
                    && records.size() <= RELAY_AT_MOST && !record.instant().isBefore(now.minus(FRESH))) {
                fresh.add(record);
            }
        }
        if (!fresh.isEmpty()) {
            relay(kept, fresh, relayTo);
        }
    }

    private boolean spendToken(KeptLink kept, Instant now) {
        synchronized (kept) {
            double elapsed = Math.max(0, Duration.between(kept.tokensAt, now).toMillis() / 1000.0);
            kept.addrTokens = Math.min(Math.max(kept.addrTokens, AddressBook.MAX_GOSSIP),
                    kept.addrTokens + elapsed * TOKENS_PER_SECOND);
            kept.tokensAt = now;
            if (kept.addrTokens < 1) {
                return false;
            }
            kept.addrTokens -= 1;
            return true;
        }
    }

    /** Passes a node's fresh self-announcement on to two other address-relaying peers, chosen at random. */
    private void relay(KeptLink from, List<SignedAddress> fresh, List<KeptLink> candidates) {
        List<KeptLink> others = new ArrayList<>();
        for (KeptLink other : candidates) {
            if (other != from && other.link.isUp() && (other.purpose == LinkPurpose.FULL_RELAY
                    || other.purpose == LinkPurpose.INBOUND || other.purpose == LinkPurpose.MANUAL)) {
                others.add(other);
            }
        }
        Frame frame = addrFrame(fresh);
        for (int i = 0; i < 2 && !others.isEmpty(); i++) {
            others.remove(random.nextInt(others.size())).link.send(frame);
        }
    }

    private static Frame addrFrame(List<SignedAddress> records) {
        Addr.Builder addr = Addr.newBuilder();
        records.forEach(record -> addr.addAddresses(record.toWire()));
        return Frame.newBuilder().setAddr(addr).build();
    }
}
