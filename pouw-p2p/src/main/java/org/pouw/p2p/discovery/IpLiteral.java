package org.pouw.p2p.discovery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP address literals, read without ever asking DNS: an address a peer sends is a number or nothing, so no peer can
 * make this node resolve a name (a slow call, and a leak of which names it was told).
 */
public final class IpLiteral {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpLiteral() {
    }

    /** The address the text spells, or empty when it is not an IPv4 or IPv6 literal (a host name, say). */
    public static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean v4 = IPV4.matcher(bare).matches();
        boolean v6 = !v4 && bare.indexOf(':') >= 0 && IPV6.matcher(bare).matches();
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            // A literal: getByName parses it and never resolves (the patterns above admit nothing else).
            return Optional.of(InetAddress.getByName(bare));
        } catch (UnknownHostException notALiteral) {
            return Optional.empty();
        }
    }

    /** The canonical text of a literal (IPv6 compressed as the JDK writes it), or the text itself for a name. */
    public static String canonical(String host) {
        return parse(host).map(InetAddress::getHostAddress).orElse(host.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Whether a peer's address could be reached across the internet: not the unspecified address, loopback,
     * link-local, site-local (RFC 1918, fc00::/7) or multicast. Gossip naming other addresses is dropped unless the
     * node allows local addresses (tests and private networks).
     */
    public static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        if (address instanceof Inet6Address) {
            int first = address.getAddress()[0] & 0xff;
            return (first & 0xfe) != 0xfc;      // unique local fc00::/7
        }
        byte[] b = address.getAddress();
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        // 100.64/10 carrier-grade NAT and 0/8 are no one's public address either
        return address instanceof Inet4Address && a0 != 0 && !(a0 == 100 && a1 >= 64 && a1 < 128);
    }
}
