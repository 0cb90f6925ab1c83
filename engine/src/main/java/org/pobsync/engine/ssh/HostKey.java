package org.pobsync.engine.ssh;

import java.util.regex.Pattern;

/**
 * One public host key of a remote machine, as ssh-keyscan reports it and as it is pinned in the
 * managed known_hosts file: its type ({@code ssh-ed25519}, {@code ecdsa-sha2-nistp256},
 * {@code ssh-rsa}, …), the base64 key blob, and the fingerprint operators compare.
 *
 * <p>The record refuses inconsistent values (a type that is not the one inside the blob, a
 * fingerprint that is not the blob's) so that a bad row can never be written as a pin.
 */
public record HostKey(String type, String base64Key, String fingerprint) {

    private static final Pattern TYPE = Pattern.compile("^[a-z0-9][a-z0-9@.-]{0,63}$");
    private static final Pattern BASE64 = Pattern.compile("^[A-Za-z0-9+/]+={0,2}$");

    public HostKey {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("not an ssh key type: " + type);
        }
        if (base64Key == null || !BASE64.matcher(base64Key).matches()) {
            throw new IllegalArgumentException("host key is not base64");
        }
        String embedded = KeyFingerprint.embeddedType(base64Key);
        if (!embedded.equals(type)) {
            throw new IllegalArgumentException("key says it is " + embedded + ", not " + type);
        }
        String computed = KeyFingerprint.sha256(base64Key);
        if (fingerprint != null && !fingerprint.equals(computed)) {
            throw new IllegalArgumentException("fingerprint " + fingerprint + " does not match the key (" + computed + ")");
        }
        fingerprint = computed;
    }

    public static HostKey of(String type, String base64Key) {
        return new HostKey(type, base64Key, null);
    }

    /** Reads {@code TYPE BASE64 [comment]}, the tail of a known_hosts or .pub line. */
    public static HostKey parse(String typeAndKey) {
        String[] fields = typeAndKey.trim().split("\\s+");
        if (fields.length < 2) {
            throw new IllegalArgumentException("expected \"TYPE BASE64\", got: " + typeAndKey);
        }
        return of(fields[0], fields[1]);
    }

    /** {@code TYPE BASE64}, as it follows the host name in a known_hosts line. */
    public String keyText() {
        return type + " " + base64Key;
    }
}
