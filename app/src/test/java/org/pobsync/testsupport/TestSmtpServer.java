package org.pobsync.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.helper.SimpleMessageListener;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A real SMTP server on 127.0.0.1 (SubEthaSMTP) that keeps what it receives: plain, STARTTLS
 * (required) or implicit TLS, with or without a required login. Its certificate (CN and SAN
 * localhost / 127.0.0.1) is generated once per test JVM with the JDK's keytool; {@link #trust}
 * is an SSLContext that trusts it, for the client under test.
 */
public final class TestSmtpServer implements AutoCloseable {

    public enum Mode { PLAIN, STARTTLS, TLS }

    /** One message as received: envelope sender and recipient, and the raw RFC 5322 text. */
    public record Mail(String from, String to, String raw) {
        public String header(String name) {
            for (String line : raw.split("\r\n")) {
                if (line.isEmpty()) {
                    break;
                }
                if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                    return line.substring(name.length() + 1).trim();
                }
            }
            return null;
        }

        public String body() {
            int i = raw.indexOf("\r\n\r\n");
            return i < 0 ? "" : raw.substring(i + 4);
        }
    }

    private static final String PASS = "changeit";
    private static KeyStore keyStore;

    private final SMTPServer server;
    private final List<Mail> mails = new CopyOnWriteArrayList<>();

    private TestSmtpServer(Mode mode, String user, String password, int port) {
        SMTPServer.Builder b = SMTPServer.port(port).bindAddress(InetAddress.getLoopbackAddress()).hostName("localhost")
                .simpleMessageListener(new SimpleMessageListener() {
                    @Override
                    public boolean accept(String from, String to) {
                        return true;
                    }

                    @Override
                    public void deliver(String from, String to, InputStream data) throws IOException {
                        mails.add(new Mail(from, to, new String(data.readAllBytes(), StandardCharsets.UTF_8)));
                    }
                });
        if (user != null) {
            b.authenticationHandlerFactory(new EasyAuthenticationHandlerFactory((u, p, ctx) -> {
                if (!user.equals(u) || !password.equals(p)) {
                    throw new LoginFailedException("535 5.7.8 authentication credentials invalid");
                }
            })).requireAuth();
        }
        if (mode == Mode.STARTTLS) {
            b.enableTLS().requireTLS().startTlsSocketFactory(serverContext());
        } else if (mode == Mode.TLS) {
            b.serverSocketFactory(serverContext());
        }
        server = b.build();
        server.start();
    }

    public static TestSmtpServer start(Mode mode, String user, String password) {
        return new TestSmtpServer(mode, user, password, 0);
    }

    /** On a given port: a server that comes back where it was (the mail server that was down). */
    public static TestSmtpServer start(Mode mode, int port) {
        return new TestSmtpServer(mode, null, null, port);
    }

    public int port() {
        return server.getPortAllocated();
    }

    public List<Mail> mails() {
        return List.copyOf(mails);
    }

    /** Waits until {@code n} messages (one per recipient) have arrived. */
    public List<Mail> await(int n, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (mails.size() < n && System.nanoTime() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return mails();
    }

    /** Trusts this server's certificate (and nothing else). */
    public static SSLContext trust() {
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            anchors.setCertificateEntry("smtp", keyStore().getCertificate("smtp"));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(anchors);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext serverContext() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore(), PASS.toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized KeyStore keyStore() {
        if (keyStore != null) {
            return keyStore;
        }
        try {
            Path dir = Files.createTempDirectory("pobsync-smtp-tls-");
            Path file = dir.resolve("server.p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Commands.ok(keytool, "-genkeypair", "-alias", "smtp", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASS, "-keypass", PASS);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                ks.load(in, PASS.toCharArray());
            }
            keyStore = ks;
            return ks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
