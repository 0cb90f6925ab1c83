package org.pobsync.validation;

import java.util.ArrayList;
import java.util.List;
import org.pobsync.engine.rsync.InvalidBackupConfigException;

/** Collects field errors while a whole input is checked, then throws them together. */
public final class Errors {

    private final List<FieldError> errors = new ArrayList<>();

    public void add(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /**
     * Runs a check that throws IllegalArgumentException (the engine's value rules throw
     * {@link InvalidBackupConfigException}) and records its problem under {@code field}.
     */
    public void check(String field, Runnable check) {
        try {
            check.run();
        } catch (InvalidBackupConfigException e) {
            add(field, problem(e));
        } catch (IllegalArgumentException e) {
            add(field, e.getMessage());
        }
    }

    /** The engine's message without its "field: " prefix (the caller names the field). */
    public static String problem(InvalidBackupConfigException e) {
        String prefix = e.field() + ": ";
        return e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
    }

    /** The errors so far, in the order they were found. */
    /**
     * A form field that holds a whole number, or nothing: blank is null, anything else that is
     * not a number is a field error (and null).
     */
    public Integer wholeNumber(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            add(field, "must be a whole number, got '" + text.trim() + "'");
            return null;
        }
    }

    public List<FieldError> list() {
        return List.copyOf(errors);
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }
}
