package org.pobsync.notify;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.MimeMessage;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Properties;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import org.pobsync.format.Human;
import org.pobsync.liveness.ProcessIdentity;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Sends a {@link Message} as a plain-text e-mail through the channel's SMTP server, with Spring's
 * {@link JavaMailSenderImpl} (a plain class: the worker has no Spring context). STARTTLS is
 * required, not opportunistic, when the channel asks for it, and the server's certificate and
 * name are checked; the password comes from the {@link SecretStore}. Failures become one
 * sentence: cannot connect, refused login, refused recipient, TLS, timeout.
 */
final class SmtpSender {

    private final ChannelService channels;
    /** null: the JVM's default trust (production); tests pass one that trusts their server. */
    private final SSLSocketFactory tls;

    SmtpSender(ChannelService channels, SSLSocketFactory tls) {
        this.channels = channels;
        this.tls = tls;
    }

    void send(Channel c, Message m, String messageId) throws SendFailure {
        JavaMailSenderImpl mail = new JavaMailSenderImpl();
        boolean implicitTls = c.smtpSecurity() == Channel.Security.TLS;
        String protocol = implicitTls ? "smtps" : "smtp";
        mail.setProtocol(protocol);
        mail.setHost(c.smtpHost());
        mail.setPort(c.smtpPort());
        mail.setDefaultEncoding("UTF-8");
        String password = channels.password(c);
        if (c.smtpUser() != null) {
            mail.setUsername(c.smtpUser());
            mail.setPassword(password == null ? "" : password);
        }
        Properties p = mail.getJavaMailProperties();
        String prefix = "mail." + protocol + ".";
        String millis = String.valueOf(c.timeoutSeconds() * 1000L);
        p.put(prefix + "connectiontimeout", millis);
        p.put(prefix + "timeout", millis);
        p.put(prefix + "writetimeout", millis);
        p.put(prefix + "auth", String.valueOf(c.smtpUser() != null));
        p.put(prefix + "localhost", ProcessIdentity.hostname());
        if (c.smtpSecurity() == Channel.Security.STARTTLS) {
            p.put(prefix + "starttls.enable", "true");
            p.put(prefix + "starttls.required", "true");
        }
        if (c.smtpSecurity() != Channel.Security.NONE) {
            p.put(prefix + "ssl.checkserveridentity", "true");
            if (tls != null) {
                p.put(prefix + "ssl.socketFactory", tls);
            }
        }
        try {
            MimeMessage mime = new IdentifiedMessage(mail, messageId);
            MimeMessageHelper h = new MimeMessageHelper(mime, false, "UTF-8");
            h.setFrom(c.smtpFrom());
            h.setTo(c.recipients().toArray(String[]::new));
            h.setSubject(m.subject());
            h.setText(m.text());
            mime.setHeader("X-Pobsync-Event", m.single() ? m.first().kind().dbValue() : "batch");
            if (m.retry()) {
                mime.setHeader("X-Pobsync-Retry", "true");
            }
            mail.send(mime);
        } catch (MailException | MessagingException e) {
            throw new SendFailure(describe(c, e), timedOut(e));
        }
    }

    /** The cause an operator can act on, from the exception chain Jakarta Mail and Spring build. */
    static String describe(Channel c, Exception e) {
        String server = c.smtpHost() + ":" + c.smtpPort();
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof AuthenticationFailedException || t instanceof MailAuthenticationException) {
                return "the SMTP server " + server + " refused the login of '" + c.smtpUser() + "'"
                        + reply(t.getMessage());
            }
            if (t instanceof SendFailedException sf && sf.getInvalidAddresses() != null
                    && sf.getInvalidAddresses().length > 0) {
                return "the SMTP server " + server + " refused the recipient(s) "
                        + java.util.Arrays.toString(sf.getInvalidAddresses()) + reply(sf.getMessage());
            }
            if (t instanceof UnknownHostException) {
                return "cannot connect to the SMTP server " + server + ": unknown host";
            }
            if (t instanceof ConnectException) {
                return "cannot connect to the SMTP server " + server + ": " + Human.firstLine(t.getMessage());
            }
            if (t instanceof SocketTimeoutException) {
                return "the SMTP server " + server + " did not answer within " + c.timeoutSeconds() + " s";
            }
            if (t instanceof SSLException) {
                return "TLS with the SMTP server " + server + " failed: " + Human.firstLine(t.getMessage());
            }
        }
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (text.contains("STARTTLS is required")) {
            return "the SMTP server " + server + " does not offer STARTTLS (use --smtp-security tls or none)";
        }
        return "sending through the SMTP server " + server + " failed: " + Human.firstLine(text);
    }

    /** A timeout may come after the server took the message: the next send may be a duplicate. */
    private static boolean timedOut(Exception e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MailSendException m && !m.getFailedMessages().isEmpty()) {
            return m.getFailedMessages().values().iterator().next();
        }
        if (t instanceof MessagingException m && m.getNextException() != null) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    private static String reply(String message) {
        return message == null || message.isBlank() ? "" : ": " + Human.firstLine(message).trim();
    }

    /**
     * A message with the Message-ID pobsync chose: the same for every attempt of one delivery,
     * so a mail client that already has it (a retry after an interrupted send) can drop it.
     */
    private static final class IdentifiedMessage extends MimeMessage {
        private final String id;

        IdentifiedMessage(JavaMailSenderImpl mail, String id) {
            super(mail.getSession());
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
