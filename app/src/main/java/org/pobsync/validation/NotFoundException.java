package org.pobsync.validation;

/**
 * A named thing (host, run, snapshot, user) does not exist: 404 on the web, exit 1 on the CLI.
 * The message is the CLI's wording; {@link #subject} and {@link #name} let the panel word the
 * same finding its own way, with a link to where the thing could be found or added.
 */
public class NotFoundException extends RuntimeException {

    /** What kind of thing was asked for; {@code OTHER} when the message is all there is. */
    public enum Subject { HOST, OTHER }

    private final Subject subject;
    private final String name;

    public NotFoundException(String message) {
        this(message, Subject.OTHER, null);
    }

    public NotFoundException(String message, Subject subject, String name) {
        super(message);
        this.subject = subject;
        this.name = name;
    }

    /** An unknown host; {@code printableName} is already safe to show. */
    public static NotFoundException host(String printableName, String message) {
        return new NotFoundException(message, Subject.HOST, printableName);
    }

    public Subject subject() {
        return subject;
    }

    /** The name asked for, printable; null for {@link Subject#OTHER}. */
    public String name() {
        return name;
    }
}
