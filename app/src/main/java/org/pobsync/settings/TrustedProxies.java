package org.pobsync.settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * POBSYNC_TRUSTED_PROXIES (SPEC section 16): the reverse proxies whose forwarded headers are
 * believed, as IP addresses or CIDR ranges separated by commas or spaces. Read strictly, because
 * a mistake here either trusts spoofed client addresses or locks every client behind the proxy
 * into one address: a host name, a stray character or an impossible prefix length stops the
 * process with the entry named.
 */
public final class TrustedProxies {

    /** Only literal addresses: InetAddress must never turn an entry into a DNS lookup. */
    private static final Pattern LITERAL = Pattern.compile("^([0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$");

    private TrustedProxies() {
    }

    /** The entries as CIDRs ({@code 10.0.0.7} becomes {@code 10.0.0.7/32}); empty when none are set. */
    public static List<String> parse(String value) {
        List<String> cidrs = new ArrayList<>();
        for (String entry : value.trim().split("[,\\s]+")) {
            if (!entry.isEmpty()) {
                cidrs.add(cidr(entry));
            }
        }
        return List.copyOf(cidrs);
    }

    private static String cidr(String entry) {
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        InetAddress parsed = literal(entry, address);
        int max = parsed.getAddress().length * 8;
        int bits = max;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > max) {
                throw invalid(entry, "the prefix length must be 0 to " + max);
            }
        }
        return parsed.getHostAddress() + "/" + bits;
    }

    private static InetAddress literal(String entry, String address) {
        if (!LITERAL.matcher(address).matches() || address.indexOf(':') < 0
                && Arrays.stream(address.split("\\.")).anyMatch(octet -> Integer.parseInt(octet) > 255)) {
            throw invalid(entry, "give an IP address or a CIDR range such as 10.0.0.0/8, not a host name");
        }
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw invalid(entry, "not an IP address");
        }
    }

    private static IllegalArgumentException invalid(String entry, String why) {
        return new IllegalArgumentException("POBSYNC_TRUSTED_PROXIES: '" + entry + "': " + why);
    }
}
