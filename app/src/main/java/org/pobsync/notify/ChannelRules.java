package org.pobsync.notify;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.pobsync.engine.rsync.HostValues;
import org.pobsync.validation.Errors;
import org.pobsync.validation.HttpUrl;

/**
 * The one validation of a channel, for the panel and the CLI. Field names in errors are the CLI's
 * option names without dashes ({@code smtp-host}, {@code recipients}, {@code url}, ...), which the
 * panel maps to its form fields. Nothing an operator types reaches a shell; these rules keep
 * header and address injection out of SMTP and HTTP too.
 */
final class ChannelRules {

    static final int DEFAULT_TIMEOUT = 10;
    static final int MAX_TIMEOUT = 60;
    static final int MAX_RECIPIENTS = 50;
    private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,63}$");
    /** An HTTP header name (RFC 9110 token). */
    private static final Pattern HEADER = Pattern.compile("^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$");
    /** Headers HttpClient sets itself or that would change the request's meaning. */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "content-type", "connection",
            "expect", "upgrade", "transfer-encoding", "te", "trailer");

    private ChannelRules() {
    }

    /**
     * The channel {@code spec} describes, or every problem with it at once. {@code id},
     * {@code createdAt} and {@code lastSentAt} are kept from {@code saved} (null: a new channel).
     */
    static Channel check(ChannelSpec spec, Channel saved, Set<String> knownHosts, String defaultFrom, Instant now) {
        Errors errors = new Errors();
        String name = spec.name() == null ? "" : spec.name().trim();
        if (!NAME.matcher(name).matches()) {
            errors.add("name", "'" + name + "' is not a valid channel name (lower-case letters, digits, '.', '_' and"
                    + " '-', at most 64)");
        }
        Channel.Kind kind = saved != null ? saved.kind() : parse(errors, "kind", spec.kind(), Channel.Kind.class,
                Channel.Kind.EMAIL);
        int timeout = number(errors, "timeout", spec.timeoutSeconds(), DEFAULT_TIMEOUT, 1, MAX_TIMEOUT);
        List<String> hosts = ChannelSpec.items(spec.hosts());
        for (String h : hosts) {
            if (!knownHosts.contains(h)) {
                errors.add("hosts", "no host named '" + h + "'");
            }
        }
        List<AlertKind> conditions = new ArrayList<>();
        for (String c : ChannelSpec.items(spec.conditions())) {
            errors.check("conditions", () -> conditions.add(AlertKind.parse(c)));
        }
        Email e = kind == Channel.Kind.EMAIL ? email(spec, errors, defaultFrom) : Email.NONE;
        Webhook w = kind == Channel.Kind.WEBHOOK ? webhook(spec, errors) : Webhook.NONE;
        errors.throwIfAny();
        return new Channel(saved == null ? 0 : saved.id(), name, kind, spec.enabled(), e.host(), e.port(),
                e.security(), e.user(), e.from(), e.recipients(), w.url(), w.preset(), w.header(), timeout, hosts,
                conditions.stream().distinct().toList(), saved == null ? null : saved.lastSentAt(),
                saved == null ? now : saved.createdAt(), now);
    }

    private record Email(String host, Integer port, Channel.Security security, String user, String from,
                         List<String> recipients) {
        static final Email NONE = new Email(null, null, null, null, null, List.of());
    }

    private record Webhook(String url, Channel.Preset preset, String header) {
        static final Webhook NONE = new Webhook(null, null, null);
    }

    private static Email email(ChannelSpec spec, Errors errors, String defaultFrom) {
        String host = trim(spec.smtpHost());
        if (host == null) {
            errors.add("smtp-host", "the SMTP server's host name is required");
        } else {
            errors.check("smtp-host", () -> HostValues.validateAddress(host));
        }
        Channel.Security security = parse(errors, "smtp-security", spec.smtpSecurity(), Channel.Security.class,
                Channel.Security.STARTTLS);
        int port = number(errors, "smtp-port", spec.smtpPort(), security.defaultPort(), 1, 65535);
        String user = trim(spec.smtpUser());
        if (user != null && (user.length() > 255 || user.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f))) {
            errors.add("smtp-user", "at most 255 characters, without control characters");
        }
        if (spec.smtpPassword() != null && spec.smtpPassword().chars().anyMatch(ch -> ch == '\r' || ch == '\n')) {
            errors.add("smtp-password", "must be one line");
        }
        String from = trim(spec.smtpFrom()) == null ? defaultFrom : trim(spec.smtpFrom());
        errors.check("smtp-from", () -> address(from));
        List<String> recipients = ChannelSpec.items(spec.recipients());
        if (recipients.isEmpty()) {
            errors.add("recipients", "at least one recipient address is required");
        } else if (recipients.size() > MAX_RECIPIENTS) {
            errors.add("recipients", "at most " + MAX_RECIPIENTS + " recipients");
        }
        for (String r : recipients) {
            errors.check("recipients", () -> address(r));
        }
        return new Email(host, port, security, user, from, recipients);
    }

    private static Webhook webhook(ChannelSpec spec, Errors errors) {
        String url = trim(spec.url());
        errors.check("url", () -> HttpUrl.parse(url));
        Channel.Preset preset = parse(errors, "preset", spec.preset(), Channel.Preset.class, Channel.Preset.GENERIC);
        String header = trim(spec.secretHeader());
        if (header != null && (!HEADER.matcher(header).matches()
                || RESERVED_HEADERS.contains(header.toLowerCase(Locale.ROOT)))) {
            errors.add("secret-header", "'" + header + "' is not a header name pobsync can set (letters, digits and"
                    + " -, not Host, Content-Type and the like)");
        }
        if (spec.headerValue() != null && spec.headerValue().chars().anyMatch(ch -> ch < 0x20 && ch != '\t' || ch == 0x7f)) {
            errors.add("secret-header", "the header's value must be one line without control characters");
        }
        return new Webhook(url, preset, header);
    }

    /** A single plain address (user@domain), as SMTP needs it; display names and lists are refused. */
    static void address(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an e-mail address is required");
        }
        try {
            InternetAddress a = new InternetAddress(text.trim(), true);
            a.validate();
            int at = a.getAddress().lastIndexOf('@');
            if (a.getPersonal() != null || !a.getAddress().equals(text.trim()) || at < 1
                    || at == a.getAddress().length() - 1) {
                throw new AddressException("not a plain user@domain address");
            }
        } catch (AddressException e) {
            throw new IllegalArgumentException("'" + text.trim() + "' is not an e-mail address (" + e.getMessage() + ")");
        }
    }

    private static <E extends Enum<E>> E parse(Errors errors, String field, String text, Class<E> type, E fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = java.util.Arrays.stream(type.getEnumConstants())
                    .map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
            errors.add(field, "'" + text.trim() + "' is not one of " + String.join(", ", names));
            return fallback;
        }
    }

    private static int number(Errors errors, String field, String text, int fallback, int min, int max) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(text.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        errors.add(field, "must be a whole number from " + min + " to " + max + ", got '" + text.trim() + "'");
        return fallback;
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
