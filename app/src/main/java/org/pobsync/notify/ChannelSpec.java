package org.pobsync.notify;

import java.util.List;

/**
 * A channel as an operator asks for it, in the panel or on the command line: text as typed,
 * checked by {@link ChannelRules}. {@code smtpPassword} and {@code headerValue} are the secrets:
 * null keeps the saved one, "" removes it.
 */
public record ChannelSpec(String name, String kind, boolean enabled, String smtpHost, String smtpPort,
                          String smtpSecurity, String smtpUser, String smtpPassword, String smtpFrom,
                          String recipients, String url, String preset, String secretHeader, String headerValue,
                          String timeoutSeconds, String hosts, String conditions) {

    /** An e-mail channel with the given SMTP settings, for everything else the defaults. */
    public static ChannelSpec email(String name, String recipients, String smtpHost, String smtpPort,
                                    String smtpSecurity, String smtpUser, String smtpPassword, String smtpFrom) {
        return new ChannelSpec(name, "email", true, smtpHost, smtpPort, smtpSecurity, smtpUser, smtpPassword,
                smtpFrom, recipients, null, null, null, null, null, null, null);
    }

    /** A webhook channel with the given preset, for everything else the defaults. */
    public static ChannelSpec webhook(String name, String url, String preset) {
        return new ChannelSpec(name, "webhook", true, null, null, null, null, null, null, null, url, preset, null, null,
                null, null, null);
    }

    public ChannelSpec withLimits(String hosts, String conditions) {
        return new ChannelSpec(name, kind, enabled, smtpHost, smtpPort, smtpSecurity, smtpUser, smtpPassword, smtpFrom,
                recipients, url, preset, secretHeader, headerValue, timeoutSeconds, hosts, conditions);
    }

    public ChannelSpec withSecretHeader(String header, String value) {
        return new ChannelSpec(name, kind, enabled, smtpHost, smtpPort, smtpSecurity, smtpUser, smtpPassword, smtpFrom,
                recipients, url, preset, header, value, timeoutSeconds, hosts, conditions);
    }

    public ChannelSpec withTimeout(String seconds) {
        return new ChannelSpec(name, kind, enabled, smtpHost, smtpPort, smtpSecurity, smtpUser, smtpPassword, smtpFrom,
                recipients, url, preset, secretHeader, headerValue, seconds, hosts, conditions);
    }

    static List<String> items(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(text.split("[,\\s]+")).map(String::trim).filter(s -> !s.isEmpty()).distinct()
                .toList();
    }
}
