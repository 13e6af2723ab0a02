package org.pouw.p2p.discovery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;

/**
 * The network an address belongs to, as far as one operator plausibly controls it: its IPv4 /16 or its IPv6 /32
 * (issue 20; Bitcoin's groups without an ASN map). The address manager buckets by group and the node takes its
 * outbound peers from distinct groups, so an attacker needs addresses in many groups, not just many addresses.
 * A name that is no literal (a configured bootstrap host) is its own group.
 */
public record AddressGroup(String name) {
    public AddressGroup {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an address group needs a name");
        }
    }

    public static AddressGroup of(String host) {
        return IpLiteral.parse(host).map(AddressGroup::of)
                .orElseGet(() -> new AddressGroup("name:" + host.toLowerCase(Locale.ROOT)));
    }

    public static AddressGroup of(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return new AddressGroup("ipv4:" + (b[0] & 0xff) + "." + (b[1] & 0xff));
        }
        return new AddressGroup(String.format(Locale.ROOT, "ipv6:%02x%02x:%02x%02x", b[0] & 0xff, b[1] & 0xff,
                b[2] & 0xff, b[3] & 0xff));
    }

    @Override
    public String toString() {
        return name;
    }
}
