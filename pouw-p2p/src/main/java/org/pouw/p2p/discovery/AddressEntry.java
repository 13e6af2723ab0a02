package org.pouw.p2p.discovery;

import java.time.Duration;
import java.time.Instant;
import org.pouw.p2p.peers.AddressRecord;

/** One address the manager holds, and where: mutable, guarded by the {@link AddressBook}'s lock. */
final class AddressEntry {
    static final Duration HORIZON = Duration.ofDays(30);

    final String host;
    final int port;
    final AddressGroup group;
    final AddressGroup source;
    String peerId;
    SignedAddress signed;
    Instant lastSeen;
    Instant lastTry = Instant.EPOCH;
    Instant lastSuccess = Instant.EPOCH;
    int attempts;
    boolean tried;
    int bucket = -1;
    int slot = -1;

    AddressEntry(String host, int port, AddressGroup source, String peerId, Instant lastSeen) {
        this.host = host;
        this.port = port;
        this.group = AddressGroup.of(host);
        this.source = source;
        this.peerId = peerId;
        this.lastSeen = lastSeen;
    }

    String key() {
        return key(host, port);
    }

    static String key(String host, int port) {
        return host + "|" + port;
    }

    String hostAndPort() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }

    /**
     * Not worth keeping (Bitcoin's IsTerrible): unseen for a month, a time from the future, or failing again and
     * again. An entry tried in the last minute is never terrible, so a fresh attempt is not held against it yet.
     */
    boolean isTerrible(Instant now) {
        if (lastTry.isAfter(now.minus(Duration.ofMinutes(1)))) {
            return false;
        }
        if (lastSeen.isAfter(now.plus(Duration.ofMinutes(10)))) {
            return true;
        }
        if (lastSeen.isBefore(now.minus(HORIZON))) {
            return true;
        }
        if (lastSuccess.equals(Instant.EPOCH) && attempts >= 3) {
            return true;
        }
        return lastSuccess.isBefore(now.minus(Duration.ofDays(7))) && attempts >= 10;
    }

    /** How much to prefer this entry when choosing whom to dial: less if tried just now or failing repeatedly. */
    double chance(Instant now) {
        double chance = 1.0;
        if (lastTry.isAfter(now.minus(Duration.ofMinutes(10)))) {
            chance *= 0.01;
        }
        return chance * StrictMath.pow(0.66, Math.min(attempts, 8));
    }

    AddressRecord record() {
        return new AddressRecord(host, port, peerId, source.name(), tried, lastSeen, lastTry, lastSuccess, attempts,
                signed == null ? 0 : signed.timestamp(), signed == null ? "" : signed.signatureHex());
    }
}
