package org.pobsync.engine.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.pobsync.engine.io.AtomicFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pobsync's managed known_hosts file. The database holds the pinned keys; this file is only their
 * rendering for ssh, rewritten whole on every change, so it is written atomically (a reader sees
 * the old file or the new one, never half of one) and never edited in place.
 *
 * <p>Mode 0640: it holds only public keys, but which hosts pobsync backs up is nobody else's
 * business (the CLI runs as the services' user, so they share the owner).
 */
public final class KnownHostsFile {

    private static final Logger log = LoggerFactory.getLogger(KnownHostsFile.class);

    static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-r-----");
    private static final String HEADER = "# Managed by pobsync: regenerated from its database on every change."
            + " Edits here are lost; pin host keys with pobsync instead.\n";
    private static final Comparator<KnownHost> ORDER = Comparator.comparing(KnownHost::address)
            .thenComparingInt(KnownHost::port)
            .thenComparing(k -> k.key().type())
            .thenComparing(k -> k.key().base64Key());

    private KnownHostsFile() {
    }

    /** The file's text: a header, then one line per pin, sorted so that regenerating it is stable. */
    public static String render(List<KnownHost> entries) {
        StringBuilder text = new StringBuilder(HEADER);
        new LinkedHashSet<>(entries).stream().sorted(ORDER)
                .forEach(entry -> text.append(entry.knownHostsLine()).append('\n'));
        return text.toString();
    }

    /** Replaces {@code file} with the rendering of {@code entries}, atomically, mode 0644. */
    public static void write(Path file, List<KnownHost> entries) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        AtomicFile.write(target, render(entries), MODE);
    }

    /** The pins in a known_hosts file; a missing file pins nothing. */
    public static List<KnownHost> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * The key on line {@code lineNumber} (counting from 1, as ssh does in "Offending key in
     * FILE:LINE"), or empty when the file or that line cannot be read as a pin.
     */
    public static Optional<HostKey> keyAtLine(Path file, int lineNumber) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lineNumber < 1 || lineNumber > lines.size()) {
                return Optional.empty();
            }
            String[] fields = lines.get(lineNumber - 1).strip().split("\\s+", 3);
            return fields.length < 3 ? Optional.empty() : Optional.of(HostKey.parse(fields[1] + " " + fields[2]));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads known_hosts text. Lines this file never contains are skipped rather than guessed at:
     * hashed names ({@code |1|…}), markers ({@code @revoked}, {@code @cert-authority}) and
     * wildcard or negated patterns.
     */
    public static List<KnownHost> parse(String text) {
        List<KnownHost> entries = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+", 3);
            if (fields.length < 3 || fields[0].startsWith("@") || fields[0].startsWith("|")) {
                log.debug("skipping known_hosts line: {}", line);
                continue;
            }
            try {
                HostKey key = HostKey.parse(fields[1] + " " + fields[2]);
                for (String pattern : fields[0].split(",")) {
                    entries.add(parseHostPattern(pattern, key));
                }
            } catch (IllegalArgumentException e) {
                log.debug("skipping known_hosts line ({}): {}", e.getMessage(), line);
            }
        }
        return List.copyOf(entries);
    }

    private static KnownHost parseHostPattern(String pattern, HostKey key) {
        if (pattern.startsWith("[")) {
            int close = pattern.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("bad host pattern " + pattern);
            }
            return new KnownHost(pattern.substring(1, close), Integer.parseInt(pattern.substring(close + 2)), key);
        }
        return new KnownHost(pattern, KnownHost.DEFAULT_PORT, key);
    }
}
