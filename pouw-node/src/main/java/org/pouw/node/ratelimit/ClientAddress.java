package org.pouw.node.ratelimit;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Who is calling, for per-address limits. The socket's peer, unless the peer is a trusted proxy
 * ({@code http.trusted_proxies}): then {@code X-Forwarded-For} is read right to left and the first hop that is not a
 * trusted proxy is the client. Hops further left were written by the client itself and are never believed; a hop a
 * trusted proxy wrote that is not an IP literal stops the walk at that proxy.
 *
 * <p>The key: an IPv4 address as it is, an IPv6 address by its /64 (one subscriber's usual allocation, so rotating
 * through the addresses of one's own /64 gains nothing), IPv4-mapped addresses as IPv4.
 */
public final class ClientAddress {
    private final List<AddressRange> trustedProxies;

    public ClientAddress(List<AddressRange> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /** The client's address, from the peer and every {@code X-Forwarded-For} header value in order. */
    public InetAddress resolve(InetAddress peer, List<String> forwardedFor) {
        InetAddress current = AddressLiteral.normalise(peer);
        if (!trusted(current) || forwardedFor.isEmpty()) {
            return current;
        }
        List<String> hops = new ArrayList<>();
        for (String value : forwardedFor) {
            for (String hop : value.split(",", -1)) {
                hops.add(hop);
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = AddressLiteral.parse(hops.get(i));
            if (hop.isEmpty()) {
                return current;
            }
            current = hop.get();
            if (!trusted(current)) {
                return current;
            }
        }
        return current;
    }

    /**
     * Whether {@code address} is one of {@code http.trusted_proxies}: its connections carry many clients' requests,
     * so the per-address connection cap does not apply to it (its clients are limited by the address it forwards).
     */
    public boolean isTrustedProxy(InetAddress address) {
        return trusted(AddressLiteral.normalise(address));
    }

    private boolean trusted(InetAddress address) {
        for (AddressRange range : trustedProxies) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The bucket key of an address: {@code 4:<dotted quad>} or {@code 6:<first 64 bits in hex>}. */
    public static String key(InetAddress address) {
        InetAddress normal = AddressLiteral.normalise(address);
        if (normal instanceof Inet4Address) {
            return "4:" + normal.getHostAddress();
        }
        return "6:" + HexFormat.of().formatHex(normal.getAddress(), 0, 8);
    }
}
