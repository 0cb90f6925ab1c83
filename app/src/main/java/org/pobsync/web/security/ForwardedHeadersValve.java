package org.pobsync.web.security;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.util.NetMaskSet;
import org.apache.catalina.valves.RemoteIpValve;
import org.apache.tomcat.util.http.MimeHeaders;

/**
 * Tomcat's RemoteIpValve, trusting exactly POBSYNC_TRUSTED_PROXIES: for a request that comes from
 * one of them it takes the client address from X-Forwarded-For (the rightmost entry that is not
 * itself a trusted proxy, so a client cannot choose its address by sending the header itself),
 * the scheme from X-Forwarded-Proto, the host and port from X-Forwarded-Host/-Port. Being a valve
 * it changes the connector's own request, so Tomcat's session cookie gets {@code Secure} and
 * Spring Security sees an https request (HSTS, Secure remember-me cookie). RemoteIpValve does
 * not read RFC 7239 {@code Forwarded}; a trusted proxy's Forwarded header is translated into the
 * X-Forwarded-* headers first, unless the proxy also sent X-Forwarded-For.
 */
final class ForwardedHeadersValve extends RemoteIpValve {

    private final NetMaskSet proxies;

    ForwardedHeadersValve(List<String> trustedCidrs) {
        String cidrs = String.join(",", trustedCidrs);
        this.proxies = NetMaskSet.parse(cidrs);
        setInternalProxies(cidrs);
        setTrustedProxies(null);
        setRemoteIpHeader("X-Forwarded-For");
        setProtocolHeader("X-Forwarded-Proto");
        setHostHeader("X-Forwarded-Host");
        setPortHeader("X-Forwarded-Port");
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        MimeHeaders headers = request.getCoyoteRequest().getMimeHeaders();
        String forwarded = headers.getHeader("Forwarded");
        if (forwarded != null && headers.getHeader("X-Forwarded-For") == null && fromProxy(request)) {
            translate(forwarded, headers);
        }
        super.invoke(request, response);
    }

    private boolean fromProxy(Request request) {
        try {
            return proxies.contains(request.getRemoteAddr());
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@code Forwarded: for=192.0.2.1;proto=https;host=panel.example, for="[2001:db8::1]:4711"}. */
    static void translate(String forwarded, MimeHeaders headers) {
        List<String> clients = new ArrayList<>();
        String proto = null;
        String host = null;
        for (String element : forwarded.split(",")) {
            for (String pair : element.split(";")) {
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String name = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = unquote(pair.substring(eq + 1).trim());
                switch (name) {
                    case "for" -> clients.add(address(value));
                    case "proto" -> proto = proto == null ? value : proto;
                    case "host" -> host = host == null ? value : host;
                    default -> { }
                }
            }
        }
        if (!clients.isEmpty()) {
            headers.addValue("X-Forwarded-For").setString(String.join(", ", clients));
        }
        if (proto != null && headers.getHeader("X-Forwarded-Proto") == null) {
            headers.addValue("X-Forwarded-Proto").setString(proto);
        }
        if (host != null && headers.getHeader("X-Forwarded-Host") == null) {
            headers.addValue("X-Forwarded-Host").setString(host);
        }
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    /** The node without its port: {@code [2001:db8::1]:4711} to {@code 2001:db8::1}, {@code 192.0.2.1:80} to {@code 192.0.2.1}. */
    private static String address(String node) {
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            return close < 0 ? node : node.substring(1, close);
        }
        int colon = node.indexOf(':');
        return colon >= 0 && node.indexOf(':', colon + 1) < 0 ? node.substring(0, colon) : node;
    }
}
