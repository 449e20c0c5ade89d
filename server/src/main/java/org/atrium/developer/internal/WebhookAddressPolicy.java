package org.atrium.developer.internal;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.atrium.platform.ProblemException;

/**
 * Where a webhook may be sent. The URL must be {@code https} without credentials; its host is resolved and every
 * address it resolves to must be public: loopback, unspecified, private (10/8, 172.16/12, 192.168/16, 100.64/10),
 * link-local (169.254/16, with the cloud metadata address, and fe80::/10), unique-local IPv6 (fc00::/7) and multicast
 * are refused. The allow-list ({@code ATRIUM_WEBHOOK_ALLOWED_HOSTS}: host names or CIDRs) lets a development setup
 * reach such a host, over plain {@code http} too. Checked at creation and at every attempt, against the addresses
 * the attempt then connects to.
 */
final class WebhookAddressPolicy {

    private final List<String> hosts = new ArrayList<>();
    private final List<Cidr> networks = new ArrayList<>();

    public WebhookAddressPolicy(String allowed) {
        for (String entry : allowed.split(",")) {
            String item = entry.trim().toLowerCase(Locale.ROOT);
            if (item.isEmpty()) {
                continue;
            }
            if (item.contains("/")) {
                networks.add(Cidr.parse(item));
            } else {
                hosts.add(item);
            }
        }
    }

    /** A destination that passed the checks: the URL and the addresses to connect to. */
    public record Destination(URI uri, String host, List<InetAddress> addresses) {
    }

    /** Checks the URL's form only (scheme, credentials, host), without resolving it: a 400 naming {@code url}. */
    public URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw ProblemException.invalidField("url", "is not a URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw ProblemException.invalidField("url", "must not contain credentials");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw ProblemException.invalidField("url", "must name a host");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http")) {
            if (!hostAllowed(host)) {
                throw ProblemException.invalidField("url", "must use https");
            }
        } else if (!scheme.equals("https")) {
            throw ProblemException.invalidField("url", "must use https");
        }
        if (uri.getRawFragment() != null) {
            throw ProblemException.invalidField("url", "must not have a fragment");
        }
        return uri;
    }

    /** Parses, resolves and checks every address; a 400 naming {@code url} when any is refused. */
    public Destination check(String url) {
        URI uri = parse(url);
        String host = uri.getHost();
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] resolved;
        try {
            resolved = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            throw ProblemException.invalidField("url", "names a host that does not resolve");
        }
        for (InetAddress address : resolved) {
            if (!hostAllowed(host) && !inAllowedNetwork(address) && refused(address)) {
                throw ProblemException.invalidField("url",
                        "resolves to %s, a loopback, private, link-local or multicast address"
                                .formatted(address.getHostAddress()));
            }
        }
        return new Destination(uri, bare, List.of(resolved));
    }

    private boolean hostAllowed(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        String bare = h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
        if (hosts.contains(h) || hosts.contains(bare)) {
            return true;
        }
        if (!networks.isEmpty() && (bare.chars().allMatch(c -> Character.isDigit(c) || c == '.') || bare.contains(":"))) {
            try {
                return inAllowedNetwork(InetAddress.getByName(bare));
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    private boolean inAllowedNetwork(InetAddress address) {
        return networks.stream().anyMatch(n -> n.contains(address));
    }

    /** Whether an address is one a webhook must never reach (without the allow-list). */
    public static boolean refused(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 // "this" network
                    || first == 100 && second >= 64 && second < 128 // carrier-grade NAT
                    || first == 192 && second == 0 && (b[2] & 0xff) == 0 // IETF protocol assignments
                    || first >= 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return true; // unique local fc00::/7
            }
            boolean mapped = true; // ::ffff:a.b.c.d, an IPv4 address in disguise
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return refused(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    record Cidr(byte[] network, int bits) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            try {
                byte[] network = InetAddress.getByName(text.substring(0, slash)).getAddress();
                int bits = Integer.parseInt(text.substring(slash + 1));
                if (bits < 0 || bits > network.length * 8) {
                    throw new IllegalArgumentException("Bad prefix length in " + text);
                }
                return new Cidr(network, bits);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("ATRIUM_WEBHOOK_ALLOWED_HOSTS: '" + text + "' is not a CIDR", e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .shiftLeft(a.length * 8 - bits);
            return new BigInteger(1, a).and(mask).equals(new BigInteger(1, network).and(mask));
        }
    }
}
