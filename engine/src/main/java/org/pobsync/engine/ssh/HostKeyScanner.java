package org.pobsync.engine.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.pobsync.engine.process.CommandOutput;
import org.pobsync.engine.process.ProcessCommand;
import org.pobsync.engine.process.ProcessRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a host for its public host keys with {@code ssh-keyscan}, so an operator can compare the
 * fingerprints and pin them. A scan proves nothing by itself (it trusts the network); pinning is
 * the operator's decision.
 *
 * <p>ssh-keyscan says nothing useful when it gets no keys (a refused port prints nothing at all),
 * so on an empty scan one plain TCP connect tells the operator why.
 */
public final class HostKeyScanner {

    private static final Logger log = LoggerFactory.getLogger(HostKeyScanner.class);

    /** Every key type a current OpenSSH server offers; pinning all of them is what known_hosts does. */
    public static final List<String> DEFAULT_TYPES = List.of("ed25519", "ecdsa", "rsa");
    private static final ProcessRunner RUNNER = new ProcessRunner();

    private final Duration timeout;
    private final List<String> types;

    public HostKeyScanner(Duration timeout) {
        this(timeout, DEFAULT_TYPES);
    }

    public HostKeyScanner(Duration timeout, List<String> types) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("scan timeout must be positive");
        }
        for (String type : types) {
            if (!type.matches("[a-z0-9-]+")) {
                throw new IllegalArgumentException("not a key type for ssh-keyscan: " + type);
            }
        }
        this.timeout = timeout;
        this.types = List.copyOf(types);
    }

    /** The keys {@code address:port} offers, in ssh-keyscan's order, without duplicates. */
    public List<HostKey> scan(String address, int port) throws HostKeyScanException {
        List<String> argv = argv(address, port);
        CommandOutput result;
        try {
            // ssh-keyscan's -T bounds each connection; the process gets the same again as slack.
            result = RUNNER.run(ProcessCommand.of(argv), timeout.multipliedBy(2).plusSeconds(5));
        } catch (UncheckedIOException e) {
            throw new HostKeyScanException(new SshFailure(SshFailure.Reason.OTHER,
                    "could not run ssh-keyscan: " + e.getMessage(), null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostKeyScanException(new SshFailure(SshFailure.Reason.OTHER, "the scan was interrupted", null));
        }
        log.debug("ssh-keyscan exit {} stderr {}", result.exitCode(), result.stderr());
        List<HostKey> keys = parse(result.stdout());
        if (!keys.isEmpty()) {
            return keys;
        }
        throw new HostKeyScanException(explainEmptyScan(address, port, result));
    }

    List<String> argv(String address, int port) {
        SshArguments.requireAddress(address);
        SshArguments.requirePort(port);
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        return List.of("ssh-keyscan", "-T", String.valueOf(seconds), "-p", String.valueOf(port),
                "-t", String.join(",", types), "--", address);
    }

    /**
     * Parses ssh-keyscan's output lines {@code HOST TYPE BASE64}. Its comment lines (the server's
     * banner, one per key type asked for) go to stderr and are ignored.
     */
    static List<HostKey> parse(List<String> lines) {
        Set<HostKey> keys = new LinkedHashSet<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.split("\\s+");
            if (fields.length < 3) {
                log.warn("ignoring unexpected ssh-keyscan line: {}", trimmed);
                continue;
            }
            try {
                keys.add(HostKey.of(fields[1], fields[2]));
            } catch (IllegalArgumentException e) {
                log.warn("ignoring unusable key from ssh-keyscan ({}): {}", e.getMessage(), trimmed);
            }
        }
        return new ArrayList<>(keys);
    }

    private SshFailure explainEmptyScan(String address, int port, CommandOutput result) {
        for (String line : result.stderr()) {
            if (line.startsWith("getaddrinfo ")) {
                return SshFailure.nameDoesNotResolve(address);
            }
        }
        Optional<SshFailure> tcp = diagnoseTcp(address, port);
        if (tcp.isPresent()) {
            return tcp.get();
        }
        if (result.result().timedOut()) {
            return SshFailure.unreachable("no answer from port " + port + " within " + timeout.toSeconds() + " s");
        }
        return new SshFailure(SshFailure.Reason.OTHER, "no host keys returned: port " + port
                + " accepts connections but offered no " + String.join("/", types)
                + " host key (is it an ssh server?)", lastLine(result.stderr()));
    }

    /** Why a plain TCP connect fails, or empty when it succeeds. */
    private Optional<SshFailure> diagnoseTcp(String address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.of(SshFailure.nameDoesNotResolve(address));
        } catch (SocketTimeoutException e) {
            return Optional.of(SshFailure.connectionTimedOut(port));
        } catch (NoRouteToHostException e) {
            return Optional.of(SshFailure.noRoute());
        } catch (ConnectException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("Network is unreachable")) {
                return Optional.of(SshFailure.networkUnreachable());
            }
            return Optional.of(SshFailure.connectionRefused(port));
        } catch (IOException e) {
            return Optional.of(SshFailure.unreachable(String.valueOf(e.getMessage())));
        }
    }

    private static String lastLine(List<String> lines) {
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
