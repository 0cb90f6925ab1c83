package org.pobsync.legacy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.pobsync.engine.rsync.HostValues;
import org.pobsync.engine.rsync.InvalidBackupConfigException;
import org.pobsync.validation.Errors;
import org.pobsync.validation.InvalidInputException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a legacy layout from disk into values, collecting every problem instead of stopping at
 * the first: unreadable files, YAML syntax, types, unknown and missing keys, host names.
 */
final class LegacyConfigReader {

    /** A parsed file: where it came from (relative to the prefix) and what it says. */
    record Parsed<T>(String file, T value, YamlMap keys) {
    }

    /** Everything found under the prefix. Values are null for files with problems. */
    record Result(Parsed<LegacyGlobal> global, List<Parsed<LegacyHost>> hosts, List<String> ignored,
                  LegacyProblems problems) {
    }

    private static final String LINK = "is a symbolic link; pobsync reads nothing through links below the prefix"
            + " (copy the file or directory in instead)";

    private final LegacyYaml yaml = new LegacyYaml();

    Result read(LegacyLayout layout, ZoneId serverZone) {
        if (!Files.isDirectory(layout.prefix())) {
            throw new InvalidInputException("prefix", layout.prefix() + " is not a directory");
        }
        LegacyProblems problems = new LegacyProblems();
        // Nothing below the prefix is read through a symbolic link: a link could bring any file
        // the importing user can read (/etc/shadow) into the problems it prints.
        boolean linkedConfig = refuseLink(layout, layout.configDir(), problems);
        boolean hasGlobal = !linkedConfig && Files.exists(layout.globalFile(), LinkOption.NOFOLLOW_LINKS);
        boolean hasHosts = !linkedConfig && !refuseLink(layout, layout.hostsDir(), problems)
                && Files.isDirectory(layout.hostsDir(), LinkOption.NOFOLLOW_LINKS);
        if (!hasGlobal && !hasHosts && problems.size() == 0) {
            throw new InvalidInputException("prefix", "no legacy configuration under " + layout.prefix()
                    + ": expected " + LegacyLayout.GLOBAL_FILE + " and/or " + LegacyLayout.HOSTS_DIR + "/<host>.yaml");
        }
        Parsed<LegacyGlobal> global = null;
        if (hasGlobal) {
            String file = layout.display(layout.globalFile());
            YamlMap m = document(layout.globalFile(), file, LegacyGlobalFile.KEYS, problems);
            global = new Parsed<>(file, m == null ? null : LegacyGlobalFile.read(m, problems), m);
        }
        List<Parsed<LegacyHost>> hosts = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        if (hasHosts) {
            for (Path path : entries(layout, problems)) {
                String file = layout.display(path);
                String fileName = path.getFileName().toString();
                if (fileName.endsWith(".yml")) {
                    problems.add(file, "", 0, "host files end in " + LegacyLayout.HOST_SUFFIX + "; rename it to "
                            + LegacyProblem.printable(fileName.substring(0, fileName.length() - 4))
                            + LegacyLayout.HOST_SUFFIX);
                } else if (!fileName.endsWith(LegacyLayout.HOST_SUFFIX) || Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    ignored.add(file);
                } else {
                    String name = fileName.substring(0, fileName.length() - LegacyLayout.HOST_SUFFIX.length());
                    int before = problems.size();
                    checkHostName(file, name, problems);
                    YamlMap m = document(path, file, LegacyHostFile.KEYS, problems);
                    LegacyHost host = m == null ? null : LegacyHostFile.read(m, name, serverZone, problems);
                    hosts.add(new Parsed<>(file, problems.size() == before ? host : null, m));
                }
            }
        }
        return new Result(global, hosts, ignored, problems);
    }

    /** True (and a problem) when {@code path} is a symbolic link. */
    private static boolean refuseLink(LegacyLayout layout, Path path, LegacyProblems problems) {
        if (!Files.isSymbolicLink(path)) {
            return false;
        }
        problems.add(layout.display(path), "", 0, LINK);
        return true;
    }

    private static List<Path> entries(LegacyLayout layout, LegacyProblems problems) {
        try (Stream<Path> s = Files.list(layout.hostsDir())) {
            return s.sorted().toList();
        } catch (IOException e) {
            problems.add(LegacyLayout.HOSTS_DIR, "", 0, "cannot be listed: " + e.getMessage());
            return List.of();
        }
    }

    /** The file name is the host's identity and its directory name, so it gets the host name rules. */
    private static void checkHostName(String file, String name, LegacyProblems problems) {
        try {
            HostValues.validateHostName(name);
        } catch (InvalidBackupConfigException e) {
            problems.add(file, "", 0, "the file name is not a valid host name: " + Errors.problem(e));
        }
    }

    /** The file's top-level mapping, or null when it cannot be read or parsed (reported). */
    private YamlMap document(Path path, String file, List<String> keys, LegacyProblems problems) {
        String text = text(path, file, problems);
        if (text == null) {
            return null;
        }
        Node root;
        try {
            root = yaml.compose(text);
        } catch (LegacyYaml.SyntaxError e) {
            problems.add(new LegacyProblem(file, "", e.line(), e.column(), "YAML syntax error: " + e.getMessage()));
            return null;
        }
        if (root == null) {
            problems.add(file, "", 0, "is empty");
            return null;
        }
        return YamlMap.of(yaml, problems, file, "", root, keys);
    }

    private static String text(Path path, String file, LegacyProblems problems) {
        try {
            // A link is never followed; a FIFO or device here would block or never end.
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (attributes.isSymbolicLink()) {
                problems.add(file, "", 0, LINK);
                return null;
            }
            if (!attributes.isRegularFile()) {
                problems.add(file, "", 0, "is not a regular file");
                return null;
            }
            if (attributes.size() > LegacyYaml.MAX_CODE_POINTS) {
                problems.add(file, "", 0, "is larger than " + LegacyYaml.MAX_CODE_POINTS / 1024
                        + " KiB, which no legacy configuration file is");
                return null;
            }
            byte[] bytes;
            // NOFOLLOW_LINKS again at open: a link swapped in after the check is refused by the kernel.
            try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes(LegacyYaml.MAX_CODE_POINTS + 1);
            }
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            problems.add(file, "", 0, "is not UTF-8 text");
        } catch (IOException e) {
            problems.add(file, "", 0, "cannot be read: " + e.getMessage());
        }
        return null;
    }
}
