package org.pobsync.web.security;

import java.util.ArrayList;
import java.util.List;
import org.pobsync.users.User;
import org.pobsync.users.UserService;
import org.pobsync.validation.NotFoundException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Accounts for Spring Security. Only active staff users may use the panel (SPEC section 3), so
 * an inactive or non-staff account is loaded as disabled: its login is refused even with the
 * right password, and its remember-me cookie stops working.
 */
final class PanelUserDetailsService implements UserDetailsService {

    static final String STAFF = "STAFF";
    static final String SUPERUSER = "SUPERUSER";

    private final UserService users;

    PanelUserDetailsService(UserService users) {
        this.users = users;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        User u;
        try {
            u = users.get(username);
        } catch (NotFoundException e) {
            throw new UsernameNotFoundException("no such user");
        }
        List<SimpleGrantedAuthority> roles = new ArrayList<>();
        if (u.staff()) {
            roles.add(new SimpleGrantedAuthority("ROLE_" + STAFF));
        }
        if (u.superuser()) {
            roles.add(new SimpleGrantedAuthority("ROLE_" + SUPERUSER));
        }
        return org.springframework.security.core.userdetails.User.withUsername(u.username())
                .password(u.passwordHash())
                .disabled(!u.canUsePanel())
                .authorities(roles)
                .build();
    }
}
