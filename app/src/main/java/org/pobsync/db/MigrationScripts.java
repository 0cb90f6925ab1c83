package org.pobsync.db;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The versions of the migration scripts this build ships, listed without Flyway. Starting
 * Flyway just to learn that nothing is pending costs about half a second (its configuration
 * model initialises Jackson, it scans and parses every script), and a foreground
 * {@code pobsync backup} pays that before rsync can start.
 *
 * <p>Only the plain case is listed: versioned {@code V<version>__<description>.sql} scripts in
 * a directory or a jar (the Spring Boot jar included). Anything else - a repeatable, undo or
 * callback script, an unknown URL scheme, an unreadable location - gives empty, and the caller
 * asks Flyway.
 */
final class MigrationScripts {

    private static final Pattern VERSIONED = Pattern.compile("V([0-9]+(?:[._][0-9]+)*)__.+\\.sql");

    private MigrationScripts() {
    }

    /** The normalized versions of the scripts under {@code location} (e.g. "db/migration"). */
    static Optional<Set<String>> versions(ClassLoader loader, String location) {
        Set<String> versions = new HashSet<>();
        try {
            Enumeration<URL> roots = loader.getResources(location);
            while (roots.hasMoreElements()) {
                if (!addVersions(roots.nextElement(), location, versions)) {
                    return Optional.empty();
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // Whatever went wrong, Flyway will find out properly.
            return Optional.empty();
        }
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions);
    }

    private static boolean addVersions(URL root, String location, Set<String> versions)
            throws IOException, URISyntaxException {
        if ("file".equals(root.getProtocol())) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of(root.toURI()))) {
                for (Path file : files) {
                    if (!addVersion(file.getFileName().toString(), versions)) {
                        return false;
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
                    String name = entries.nextElement().getName();
                    if (name.startsWith(prefix) && name.length() > prefix.length()
                            && !addVersion(name.substring(prefix.length()), versions)) {
                        return false;
                    }
                }
            }
            return true;
        }
        return false;
    }

    /** False for a file this listing does not understand (a subdirectory counts too). */
    private static boolean addVersion(String fileName, Set<String> versions) {
        Matcher m = VERSIONED.matcher(fileName);
        if (!m.matches()) {
            return false;
        }
        versions.add(normalize(m.group(1)));
        return true;
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
