package org.pobsync.legacy;

import java.nio.file.Path;

/**
 * Where the legacy files live under a prefix (the reference's {@code /opt/pobsync}):
 * {@code config/global.yaml} and one {@code config/hosts/<host>.yaml} per host.
 */
final class LegacyLayout {

    static final String GLOBAL_FILE = "config/global.yaml";
    static final String HOSTS_DIR = "config/hosts";
    static final String HOST_SUFFIX = ".yaml";

    private final Path prefix;

    LegacyLayout(Path prefix) {
        this.prefix = prefix;
    }

    Path prefix() {
        return prefix;
    }

    Path configDir() {
        return prefix.resolve("config");
    }

    Path globalFile() {
        return prefix.resolve(GLOBAL_FILE);
    }

    Path hostsDir() {
        return prefix.resolve(HOSTS_DIR);
    }

    /** Only ever called with a validated host name, so the result stays inside the hosts directory. */
    Path hostFile(String host) {
        return hostsDir().resolve(host + HOST_SUFFIX);
    }

    /** The path as messages show it: relative to the prefix, with '/'. */
    String display(Path file) {
        return prefix.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }
}
