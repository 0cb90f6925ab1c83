package org.pobsync.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1 client with a cookie jar, written on a plain socket so a test can send any header
 * a browser or a proxy would (Host, X-Forwarded-For, Forwarded), which java.net.http refuses.
 * Redirects are never followed: tests look at the Location header themselves.
 */
public final class HttpAgent {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** A response: status, headers by lower-case name, and the (de-chunked) body as text. */
    public record Response(int status, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        public List<String> all(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        /** The Set-Cookie header that sets {@code name}, or null. */
        public String setCookie(String name) {
            return all("set-cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst().orElse(null);
        }
    }

    private final int port;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    public HttpAgent(int port) {
        this.port = port;
    }

    public Map<String, String> cookies() {
        return cookies;
    }

    public HttpAgent forget(String cookie) {
        cookies.remove(cookie);
        return this;
    }

    public Response get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    public Response post(String path, Map<String, String> form, String... headers) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return send("POST", path, body.toString(), headers);
    }

    /** The CSRF token of the form on {@code path}. */
    public String csrf(String path) {
        Response page = get(path);
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            throw new AssertionError("no CSRF token on " + path + ": " + page.status());
        }
        return m.group(1);
    }

    /** Logs in through the login form, as a browser does; returns the POST's response. */
    public Response login(String username, String password, boolean rememberMe, String... headers) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", username);
        form.put("password", password);
        if (rememberMe) {
            form.put("remember-me", "true");
        }
        form.put("_csrf", csrf("/login"));
        return post("/login", form, headers);
    }

    /** {@code headers} are name, value pairs; a Host given there replaces the default. */
    public Response send(String method, String path, String body, String... headers) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            boolean hostGiven = false;
            for (int i = 0; i < headers.length; i += 2) {
                hostGiven |= headers[i].equalsIgnoreCase("Host");
                request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            if (!hostGiven) {
                request.append("Host: 127.0.0.1:").append(port).append("\r\n");
            }
            if (!cookies.isEmpty()) {
                List<String> pairs = new ArrayList<>();
                cookies.forEach((k, v) -> pairs.add(k + "=" + v));
                request.append("Cookie: ").append(String.join("; ", pairs)).append("\r\n");
            }
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                request.append("Content-Type: application/x-www-form-urlencoded\r\n");
                request.append("Content-Length: ").append(content.length).append("\r\n");
            }
            request.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            Response response = read(socket.getInputStream(), method.equals("HEAD"));
            remember(response);
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void remember(Response response) {
        for (String c : response.all("set-cookie")) {
            String pair = c.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq);
            String value = pair.substring(eq + 1);
            String attributes = c.toLowerCase(Locale.ROOT);
            if (value.isEmpty() || attributes.contains("max-age=0") || attributes.contains("expires=thu, 01 jan 1970")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
    }

    private static Response read(InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(h.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
        if (head) {
            return new Response(status, headers, "");
        } else if (encoding.stream().anyMatch(e -> e.equalsIgnoreCase("chunked"))) {
            for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
                    size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
        } else {
            body.write(in.readAllBytes());
        }
        return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
