package org.pobsync.users;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;
import org.pobsync.audit.AuditLog;
import org.pobsync.validation.ConflictException;
import org.pobsync.validation.Errors;
import org.pobsync.validation.InvalidInputException;
import org.pobsync.validation.NotFoundException;
import org.pobsync.validation.TimeZones;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Accounts and their passwords. */
public final class UserService {

    private static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9@.+_-]{1,150}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");

    private final UserRepository users;
    private final AuditLog audit;
    private final Clock clock;
    private final InitialPasswordFile initialPassword;
    /**
     * Built at first use: making it loads every JCA provider (about 50 ms of a CLI command's
     * start), and most commands never hash a password (bench/cli-start.sh).
     */
    private static final class Encoder {
        static final PasswordEncoder INSTANCE = new BoundedPasswordEncoder(
                PasswordEncoderFactories.createDelegatingPasswordEncoder());
    }

    public UserService(UserRepository users, AuditLog audit, Clock clock, InitialPasswordFile initialPassword) {
        this.users = users;
        this.audit = audit;
        this.clock = clock;
        this.initialPassword = initialPassword;
    }

    /**
     * The first start's superuser, with a generated password that is also written to the
     * {@link InitialPasswordFile}; returns that file, or null when it could not be written.
     */
    public Path createInitialAdmin(String password) {
        create(initialPassword.username(), null, password, true, true, "pobsync:first-start");
        return initialPassword.write(password) ? initialPassword.path() : null;
    }

    public PasswordEncoder encoder() {
        return Encoder.INSTANCE;
    }

    public List<User> list() {
        return users.findAll();
    }

    public boolean anyUser() {
        return users.count() > 0;
    }

    public User get(String username) {
        return users.findByUsername(username)
                .orElseThrow(() -> new NotFoundException("user '" + username + "' does not exist"));
    }

    public User create(String username, String email, String password, boolean staff, boolean superuser,
                       String actor) {
        Errors errors = new Errors();
        if (username == null || !USERNAME.matcher(username).matches()) {
            errors.add("username", "use 1-150 characters: letters, digits and @ . + - _");
        } else if (users.findByUsername(username).isPresent()) {
            errors.add("username", "a user named '" + username + "' already exists");
        }
        if (email != null && !email.isBlank() && !EMAIL.matcher(email).matches()) {
            errors.add("email", "'" + email + "' is not an e-mail address");
        }
        errors.check("password", () -> checkPassword(username, password));
        errors.throwIfAny();
        users.insert(new User(0, username, blankToNull(email), encoder().encode(password), true, staff || superuser,
                superuser, clock.instant(), null, null));
        audit.record(actor, "user.create", username, "staff=" + (staff || superuser) + " superuser=" + superuser);
        return get(username);
    }

    /** A successful panel login: remembered on the account and in the audit log. */
    public void recordLogin(String username, String remoteAddr) {
        users.findByUsername(username).ifPresent(u -> users.recordLogin(u.id(), clock.instant()));
        initialPassword.discardFor(username);
        audit.record(username, "login", username, null, remoteAddr);
    }

    public void changePassword(String username, String password, String actor) {
        User u = get(username);
        try {
            checkPassword(username, password);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("password", e.getMessage());
        }
        users.update(new User(u.id(), u.username(), u.email(), encoder().encode(password), u.active(), u.staff(),
                u.superuser(), u.createdAt(), u.lastLoginAt(), u.timeZone()));
        audit.record(actor, "user.password", username, null);
        initialPassword.discardFor(username);
    }

    /**
     * The zone {@code username} reads the panel's times in; blank: the server's. An unknown zone
     * is an {@link InvalidInputException} for the {@code timeZone} field.
     */
    public void setTimeZone(String username, String zone, String actor) {
        User u = get(username);
        ZoneId parsed;
        try {
            parsed = TimeZones.parse(zone, null);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("timeZone", e.getMessage());
        }
        users.setTimeZone(u.id(), parsed);
        audit.record(actor, "user.time_zone", username, "time zone: " + (u.timeZone() == null ? "server" : u.timeZone().getId())
                + " → " + (parsed == null ? "server" : parsed.getId()));
    }

    public void setFlags(String username, boolean active, boolean staff, boolean superuser, String actor) {
        User u = get(username);
        boolean staysSuperuser = active && superuser;
        if (u.active() && u.superuser() && !staysSuperuser
                && users.findAll().stream().filter(o -> o.active() && o.superuser()).count() <= 1) {
            throw new ConflictException("'" + username + "' is the last active superuser; make another user a"
                    + " superuser first, or nobody can manage users any more");
        }
        users.update(new User(u.id(), u.username(), u.email(), u.passwordHash(), active, staff || superuser, superuser,
                u.createdAt(), u.lastLoginAt(), u.timeZone()));
        audit.record(actor, "user.flags", username,
                "active=" + active + " staff=" + (staff || superuser) + " superuser=" + superuser);
    }

    /** The password rules ({@link PasswordRules}); the message is meant for the password field. */
    public static void checkPassword(String username, String password) {
        PasswordRules.check(username, password);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
