package org.pobsync.notify;

import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.pobsync.format.Human;
import org.pobsync.settings.PobsyncVersion;
import org.pobsync.validation.HttpUrl;

/**
 * Webhooks and healthchecks-style pings over the JDK's HTTP client: a POST with a timeout (a
 * receiver that hangs costs at most the channel's timeout, never a backup or a page), no
 * redirects followed, and a 2xx answer required. Errors name the receiver by scheme, host and
 * port only: webhook and ping URLs carry their secret in the path.
 */
final class HttpSender {

    /** A ping's timeout: pings are many (one per backup) and their receivers answer at once. */
    static final Duration PING_TIMEOUT = Duration.ofSeconds(10);
    /** How much of an answer's body is kept, for the first line of an error. */
    private static final int BODY_KEPT = 4096;

    private final ChannelService channels;
    private final SSLContext tls;
    /**
     * Built at the first send: every process builds a sender (a CLI command too), and building the
     * client loads TLS and starts a selector thread: `pobsync retention HOST` took 1.10 s with it
     * built at start and 0.80 s without (medians of 5).
     */
    private HttpClient client;

    HttpSender(ChannelService channels, SSLContext tls) {
        this.channels = channels;
        this.tls = tls;
    }

    private synchronized HttpClient client() {
        if (client == null) {
            HttpClient.Builder b = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(10));
            if (tls != null) {
                b.sslContext(tls);
            }
            client = b.build();
        }
        return client;
    }

    void webhook(Channel c, Message m, Instant now) throws SendFailure {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(c.url()))
                .timeout(Duration.ofSeconds(c.timeoutSeconds()))
                .header("User-Agent", "pobsync/" + PobsyncVersion.get());
        byte[] body = switch (c.preset()) {
            case GENERIC -> {
                r.header("Content-Type", "application/json");
                r.header("X-Pobsync-Event", m.single() ? m.first().kind().dbValue() : "batch");
                if (m.retry()) {
                    r.header("X-Pobsync-Retry", "true");
                }
                yield WebhookBody.generic(m, now);
            }
            case SLACK -> {
                r.header("Content-Type", "application/json");
                yield WebhookBody.slack(m);
            }
            case NTFY -> {
                r.header("Content-Type", "text/plain; charset=utf-8");
                r.header("Title", WebhookBody.ntfyTitle(m));
                r.header("Priority", WebhookBody.ntfyPriority(m));
                r.header("Tags", WebhookBody.ntfyTags(m));
                yield WebhookBody.ntfy(m);
            }
        };
        if (c.secretHeader() != null) {
            String value = channels.headerValue(c);
            if (value != null) {
                r.header(c.secretHeader(), value);
            }
        }
        post(r.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), c.url(), c.timeoutSeconds(), "webhook");
    }

    /** {@code url} + "/start", "" or "/fail", as healthchecks.io and its kin expect; the body is the run's news. */
    void ping(String url, String suffix, String text) throws SendFailure {
        HttpRequest r = HttpRequest.newBuilder(URI.create(withSuffix(url, suffix))).timeout(PING_TIMEOUT)
                .header("User-Agent", "pobsync/" + PobsyncVersion.get())
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)).build();
        post(r, url, (int) PING_TIMEOUT.toSeconds(), "ping URL");
    }

    static String withSuffix(String url, String suffix) {
        if (suffix.isEmpty()) {
            return url;
        }
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        String query = q < 0 ? "" : url.substring(q);
        return (path.endsWith("/") ? path.substring(0, path.length() - 1) : path) + suffix + query;
    }

    private void post(HttpRequest request, String url, int timeoutSeconds, String what) throws SendFailure {
        String shown = HttpUrl.redacted(url);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        // The whole exchange, body included, within the timeout, and at most BODY_KEPT bytes of
        // the answer in memory: a receiver that trickles or floods cannot hold a notifier.
        CompletableFuture<HttpResponse<Void>> sent = client().sendAsync(request,
                info -> HttpResponse.BodySubscribers.ofByteArrayConsumer(chunk -> chunk.ifPresent(bytes -> {
                    if (head.size() < BODY_KEPT) {
                        head.write(bytes, 0, Math.min(bytes.length, BODY_KEPT - head.size()));
                    }
                })));
        HttpResponse<Void> answer;
        try {
            answer = sent.get(timeoutSeconds + 1L, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw new SendFailure("the " + what + " " + shown + " did not answer within " + timeoutSeconds + " s", true);
        } catch (InterruptedException e) {
            sent.cancel(true);
            Thread.currentThread().interrupt();
            throw new SendFailure("sending to the " + what + " " + shown + " was interrupted");
        } catch (ExecutionException e) {
            boolean timedOut = e.getCause() instanceof HttpTimeoutException
                    && !(e.getCause() instanceof HttpConnectTimeoutException);
            throw new SendFailure(describe(e.getCause(), what, shown, timeoutSeconds), timedOut);
        }
        int status = answer.statusCode();
        if (status < 200 || status > 299) {
            String body = Human.firstLine(head.toString(StandardCharsets.UTF_8)).strip();
            throw new SendFailure("the " + what + " " + shown + " answered HTTP " + status
                    + (status >= 300 && status < 400 ? " (redirects are not followed)" : "")
                    + (body.isEmpty() ? "" : ": " + (body.length() > 200 ? body.substring(0, 200) + "…" : body)));
        }
    }

    private static String describe(Throwable e, String what, String shown, int timeoutSeconds) {
        if (e instanceof HttpConnectTimeoutException) {
            return "cannot connect to the " + what + " " + shown + " within 10 s";
        }
        if (e instanceof HttpTimeoutException) {
            return "the " + what + " " + shown + " did not answer within " + timeoutSeconds + " s";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof UnknownHostException || root instanceof java.nio.channels.UnresolvedAddressException) {
            return "cannot connect to the " + what + " " + shown + ": unknown host";
        }
        if (e instanceof ConnectException) {
            return "cannot connect to the " + what + " " + shown + ": connection refused";
        }
        if (e instanceof SSLException) {
            return "TLS with the " + what + " " + shown + " failed: " + Human.firstLine(e.getMessage());
        }
        if (root instanceof UnknownHostException) {
            return "cannot connect to the " + what + " " + shown + ": unknown host";
        }
        if (root instanceof ConnectException) {
            return "cannot connect to the " + what + " " + shown + ": connection refused";
        }
        return "the " + what + " " + shown + " failed: "
                + Human.firstLine(root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage());
    }
}
