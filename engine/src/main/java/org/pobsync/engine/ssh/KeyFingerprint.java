package org.pobsync.engine.ssh;

import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * OpenSSH's key fingerprint, {@code SHA256:} followed by the unpadded base64 of the SHA-256 of
 * the key blob, computed here rather than by running {@code ssh-keygen -lf}: it is what operators
 * compare by eye, so it must be cheap to show anywhere.
 */
public final class KeyFingerprint {

    private KeyFingerprint() {
    }

    /** The fingerprint of a key given as the base64 blob of a public key line. */
    public static String sha256(String base64Blob) {
        byte[] blob = decode(base64Blob);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * The key type written inside the blob itself (its first length-prefixed string). A public key
     * line whose stated type differs from this one is corrupt or forged.
     */
    static String embeddedType(String base64Blob) {
        ByteBuffer blob = ByteBuffer.wrap(decode(base64Blob));
        try {
            int length = blob.getInt();
            if (length <= 0 || length > 64 || length > blob.remaining()) {
                throw new IllegalArgumentException("not an ssh public key blob");
            }
            byte[] type = new byte[length];
            blob.get(type);
            return new String(type, StandardCharsets.US_ASCII);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("not an ssh public key blob", e);
        }
    }

    private static byte[] decode(String base64Blob) {
        try {
            return Base64.getDecoder().decode(base64Blob);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key is not valid base64", e);
        }
    }
}
