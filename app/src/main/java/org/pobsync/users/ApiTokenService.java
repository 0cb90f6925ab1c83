package org.pobsync.users;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.pobsync.audit.AuditLog;
import org.pobsync.validation.ConflictException;
import org.pobsync.validation.Errors;
import org.pobsync.validation.InvalidInputException;
import org.pobsync.validation.NotFoundException;

/**
 * Per-user API tokens for scripts ({@code Authorization: Bearer pbs_…}). A token is shown once,
 * when it is created; the database keeps only its SHA-256 (see V5__api_tokens.sql for why a fast
 * hash is right for 256 random bits). A token acts for its user and only while that user may use
 * the panel: deactivating the user (401) or taking away staff (403) stops every token at once.
 */
public final class ApiTokenService {

    public static final String PREFIX = "pbs_";
    static final int RANDOM_BYTES = 32;
    static final int SHOWN_PREFIX_LENGTH = PREFIX.length() + 8;
    static final int MAX_TOKENS_PER_USER = 25;
    static final int MAX_NAME_LENGTH = 100;
    static final Duration MAX_LIFETIME = Duration.ofDays(10 * 365);
    /** last_used_at is a hint for people, not an access log: at most one write per token per minute. */
    static final Duration USE_RECORDING_GRANULARITY = Duration.ofMinutes(1);
    private static final Pattern WELL_FORMED = Pattern.compile("^pbs_[A-Za-z0-9_-]{43}$");
    /** Seeded at first use, not when the service is built: most commands never make a token. */
    private static final class Random {
        static final SecureRandom INSTANCE = new SecureRandom();
    }

    /** A new token: the stored record and the secret, which exists only in this object. */
    public record Created(ApiToken token, String secret) {
    }

    private final ApiTokenRepository tokens;
    private final UserRepository users;
    private final AuditLog audit;
    private final Clock clock;

    public ApiTokenService(ApiTokenRepository tokens, UserRepository users, AuditLog audit, Clock clock) {
        this.tokens = tokens;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
    }

    public List<ApiToken> list(String username) {
        return tokens.findByUser(user(username).id());
    }

    public Created create(String username, String name, String actor) {
        return create(username, name, null, actor);
    }

    /** A new token; {@code expiresAt} null: it never expires. */
    public Created create(String username, String name, Instant expiresAt, String actor) {
        User owner = user(username);
        String label = name == null ? "" : name.strip();
        Errors errors = new Errors();
        if (label.isEmpty() || label.length() > MAX_NAME_LENGTH || label.chars().anyMatch(Character::isISOControl)) {
            errors.add("name", "give the token a name of 1-" + MAX_NAME_LENGTH
                    + " characters, e.g. the script or machine that uses it");
        }
        Instant now = clock.instant();
        if (expiresAt != null && (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(MAX_LIFETIME)))) {
            errors.add("expires", "an expiry must be after today and within " + MAX_LIFETIME.toDays() / 365
                    + " years; leave it empty for a token that never expires");
        }
        errors.throwIfAny();
        if (tokens.countByUser(owner.id()) >= MAX_TOKENS_PER_USER) {
            throw new ConflictException(username + " already has " + MAX_TOKENS_PER_USER
                    + " API tokens; revoke unused ones first");
        }
        byte[] random = new byte[RANDOM_BYTES];
        Random.INSTANCE.nextBytes(random);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String hash = hash(secret);
        tokens.insert(owner.id(), label, hash, secret.substring(0, SHOWN_PREFIX_LENGTH), now, expiresAt);
        ApiToken token = tokens.findByHashOnly(hash).orElseThrow();
        audit.record(actor, "api.token.create", username, "token " + token.id() + " '" + label + "' ("
                + token.prefix() + "…), " + (expiresAt == null ? "never expires" : "expires " + expiresAt));
        return new Created(token, secret);
    }

    /**
     * The expiry of a token given an expiry date (YYYY-MM-DD): it works through that day, UTC, and
     * stops at the midnight after it. Blank: null, never.
     */
    public static Instant expiryOf(String date) {
        if (date == null || date.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(date.strip()).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("expires", "give the expiry date as YYYY-MM-DD, or leave it empty");
        }
    }

    public void revoke(String username, long tokenId, String actor) {
        User owner = user(username);
        if (tokens.delete(owner.id(), tokenId) == 0) {
            throw new NotFoundException("API token " + tokenId + " of " + username + " does not exist");
        }
        audit.record(actor, "api.token.revoke", username, "token " + tokenId);
    }

    /**
     * The user a presented token acts for, when the token exists, has not expired and its user is
     * active; empty otherwise. Malformed input is refused before any lookup. Whether the user may use the API
     * (staff) is the caller's decision, so that it can answer 403 rather than 401.
     */
    public Optional<User> authenticate(String presented) {
        if (presented == null || !WELL_FORMED.matcher(presented).matches()) {
            return Optional.empty();
        }
        Optional<ApiTokenRepository.Match> match = tokens.findByHash(hash(presented));
        Instant now = clock.instant();
        if (match.isEmpty() || !match.get().user().active() || match.get().token().expired(now)) {
            return Optional.empty();
        }
        ApiToken token = match.get().token();
        if (token.lastUsedAt() == null || token.lastUsedAt().plus(USE_RECORDING_GRANULARITY).isBefore(now)) {
            tokens.recordUse(token.id(), now);
        }
        return Optional.of(match.get().user());
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private User user(String username) {
        return users.findByUsername(username)
                .orElseThrow(() -> new NotFoundException("user '" + username + "' does not exist"));
    }
}
