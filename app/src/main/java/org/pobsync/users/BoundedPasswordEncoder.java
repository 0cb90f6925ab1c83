package org.pobsync.users;

import java.nio.charset.StandardCharsets;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Spring's password encoder, except that a presented password longer than bcrypt's
 * {@value PasswordRules#MAX_BYTES} bytes simply does not match. bcrypt throws on one, which
 * turned a long password typed into the login or the "current password" field into an error page;
 * no stored password can be that long ({@link PasswordRules} refuses them).
 */
final class BoundedPasswordEncoder implements PasswordEncoder {

    private final PasswordEncoder delegate;

    BoundedPasswordEncoder(PasswordEncoder delegate) {
        this.delegate = delegate;
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return delegate.encode(rawPassword);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null
                || rawPassword.toString().getBytes(StandardCharsets.UTF_8).length > PasswordRules.MAX_BYTES) {
            return false;
        }
        return delegate.matches(rawPassword, encodedPassword);
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return delegate.upgradeEncoding(encodedPassword);
    }
}
