package org.pobsync.testsupport;

import java.nio.file.Path;

/**
 * The file names and kinds a restore or a download must survive, made with bash because Java
 * cannot create some of them (names that are not UTF-8, FIFOs): spaces, unicode, a leading dash,
 * a newline, bytes that are not UTF-8, a name of 200 bytes and a path of over 300, hard links,
 * setuid, symlinks to /etc/shadow and out of the tree, an empty directory, a FIFO, a read-only
 * directory, foreign numeric owners (as root). Every mtime is fixed, so copies compare exactly.
 */
public final class TrickyTree {

    /** The names of the tree, as they appear in escaped form. */
    public static final String NON_UTF8 = "caf\\xe9";
    public static final String NEWLINE = "new\\nline";
    public static final String LONG_NAME = "l".repeat(200);

    private TrickyTree() {
    }

    public static void create(Path dir) {
        String longPath = "deep/" + ("segment-of-thirty-characters-" + "/").repeat(11);
        String script = String.join(" && ",
                "mkdir -p etc/ssh 'with space' empty/nested '" + longPath + "'",
                "printf 'hello\\n' > etc/hosts",
                "head -c 300000 /dev/urandom > etc/random.bin",
                "printf secret > etc/ssh/ssh_host_key && chmod 600 etc/ssh/ssh_host_key",
                "touch -- -leading-dash $'new\\nline' $'caf\\xe9' 'ünïcødé ☃.txt' 'with space/inner file'",
                "printf bottom > '" + longPath + "file'",
                "printf long > " + LONG_NAME,
                "ln etc/hosts etc/hosts.hard && ln etc/hosts 'with space/hosts.third'",
                "ln -s /etc/shadow etc/evil && ln -s ../../.. etc/up && ln -s hosts etc/relative",
                "printf x > suid && chmod 4755 suid && printf y > sgid && chmod 2750 sgid",
                "mkfifo pipe",
                TestEnvironment.isRoot() ? "printf z > owned && chown 1234:5678 owned && chown 2000:2000 empty" : "true",
                "mkdir readonly && printf r > readonly/f && chmod 555 readonly",
                "find . -mindepth 1 -exec touch -h -d '2024-03-01 10:00:00Z' {} +");
        DeepTree.bash(dir, script);
    }
}
