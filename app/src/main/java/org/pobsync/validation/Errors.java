package org.pobsync.validation;

import java.util.ArrayList;
import java.util.List;

/** Collects field errors while a whole input is checked, then throws them together. */
public final class Errors {

    private final List<FieldError> errors = new ArrayList<>();

    public void add(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /** Runs a check that throws IllegalArgumentException and records its message under field. */
    public void check(String field, Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            add(field, e.getMessage());
        }
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
