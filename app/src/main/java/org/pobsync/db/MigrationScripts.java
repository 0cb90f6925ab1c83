package org.pobsync.db;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The migration scripts this build ships, with Flyway's checksum of each, listed without Flyway.
 * Starting Flyway just to learn that nothing is pending costs about half a second (its
 * configuration model initialises Jackson, it scans and parses every script), and a foreground
 * {@code pobsync backup} pays that before rsync can start.
 *
 * <p>Only the plain case is listed: versioned {@code V<version>__<description>.sql} scripts in
 * a directory or a jar (the Spring Boot jar included). Anything else - a repeatable, undo or
 * callback script, an unknown URL scheme, an unreadable location - gives empty, and the caller
 * asks Flyway.
 */
final class MigrationScripts {

    private static final Pattern VERSIONED = Pattern.compile("V([0-9]+(?:[._][0-9]+)*)__.+\\.sql");

    /** A shipped script: its normalized version, file name and Flyway's checksum of it. */
    record Script(String version, String fileName, int checksum) {
    }

    private MigrationScripts() {
    }

    /** The scripts under {@code location} (e.g. "db/migration") by normalized version. */
    static Optional<Map<String, Script>> scripts(ClassLoader loader, String location) {
        Map<String, Script> scripts = new HashMap<>();
        try {
            Enumeration<URL> roots = loader.getResources(location);
            while (roots.hasMoreElements()) {
                if (!addScripts(roots.nextElement(), location, scripts)) {
                    return Optional.empty();
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // Whatever went wrong, Flyway will find out properly.
            return Optional.empty();
        }
        return scripts.isEmpty() ? Optional.empty() : Optional.of(scripts);
    }

    private static boolean addScripts(URL root, String location, Map<String, Script> scripts)
            throws IOException, URISyntaxException {
        if ("file".equals(root.getProtocol())) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of(root.toURI()))) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    if (!isVersioned(name) || Files.isDirectory(file)) {
                        return false;
                    }
                    try (InputStream in = Files.newInputStream(file)) {
                        add(name, in, scripts);
                    }
                }
            }
            return true;
        }
        if (root.openConnection() instanceof JarURLConnection connection) {
            connection.setUseCaches(false);
            String prefix = location.endsWith("/") ? location : location + "/";
            try (JarFile jar = connection.getJarFile()) {
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    String name = entry.getName();
                    if (!name.startsWith(prefix) || name.length() == prefix.length()) {
                        continue;
                    }
                    // A subdirectory, or a file this listing does not understand: ask Flyway.
                    String fileName = name.substring(prefix.length());
                    if (!isVersioned(fileName)) {
                        return false;
                    }
                    try (InputStream in = jar.getInputStream(entry)) {
                        add(fileName, in, scripts);
                    }
                }
            }
            return true;
        }
        return false;
    }

    private static boolean isVersioned(String fileName) {
        return VERSIONED.matcher(fileName).matches();
    }

    private static void add(String fileName, InputStream in, Map<String, Script> scripts) throws IOException {
        Matcher m = VERSIONED.matcher(fileName);
        if (!m.matches()) {
            throw new IllegalArgumentException(fileName);
        }
        String version = normalize(m.group(1));
        if (scripts.put(version, new Script(version, fileName, checksum(in))) != null) {
            throw new IllegalStateException("two scripts of version " + version); // Flyway says it better
        }
    }

    /**
     * Flyway's checksum of a script, as it records it in {@code flyway_schema_history.checksum}
     * (its {@code ChecksumCalculator}): a CRC32 over the UTF-8 bytes of every line without its
     * line ending, a byte-order mark removed, as a signed int. Versioned scripts are summed as
     * written, before placeholders are replaced. MigrationsTest checks it against Flyway's own.
     */
    static int checksum(InputStream script) throws IOException {
        CRC32 crc = new CRC32();
        BufferedReader lines = new BufferedReader(new InputStreamReader(script, StandardCharsets.UTF_8), 4096);
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            crc.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return (int) crc.getValue();
    }

    /**
     * A version as Flyway compares it: {@code _} and {@code .} separate parts, leading zeros and
     * trailing zero parts do not count ("1_1" = "1.1" = "01.1.0").
     */
    static String normalize(String version) {
        String[] parts = version.split("[._]");
        int last = parts.length - 1;
        while (last > 0 && parts[last].matches("0+")) {
            last--;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= last; i++) {
            if (i > 0) {
                sb.append('.');
            }
            String digits = parts[i].replaceFirst("^0+(?=.)", "");
            sb.append(digits);
        }
        return sb.toString();
    }
}
