package org.pobsync.validation;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The rule for the http(s) URLs pobsync sends to (webhooks, healthchecks-style pings, the
 * panel's own address in messages), and how they are shown: such URLs often carry their secret
 * in the path (a Slack webhook, a healthchecks.io check, an ntfy topic), so lists and logs show
 * only the scheme, host and port.
 */
public final class HttpUrl {

    public static final int MAX_LENGTH = 2048;

    private HttpUrl() {
    }

    /** The URL, trimmed, when it is an absolute http or https URL with a host; else why not. */
    public static URI parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a URL is required, e.g. https://hc-ping.com/<uuid>");
        }
        String t = text.trim();
        if (t.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the URL is longer than " + MAX_LENGTH + " characters");
        }
        if (t.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("the URL contains a space or a control character");
        }
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("only http:// and https:// URLs are allowed, got '"
                    + (uri.getScheme() == null ? t : uri.getScheme() + ":") + "'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("the URL has no host name");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("user:password@ in the URL is not supported; use a secret header");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("the URL must not have a #fragment");
        }
        return uri;
    }

    /** "https://hooks.slack.com/…": enough to tell URLs apart, without the secret part. */
    public static String redacted(String text) {
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "(invalid URL)";
            }
            String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
            boolean more = uri.getRawPath() != null && uri.getRawPath().length() > 1 || uri.getRawQuery() != null;
            return uri.getScheme() + "://" + uri.getHost() + port + (more ? "/…" : "/");
        } catch (URISyntaxException e) {
            return "(invalid URL)";
        }
    }
}
