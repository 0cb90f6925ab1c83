package org.pobsync.users;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Tells the layout whether to show the Admin entry (superusers only; the pages check again). */
@ControllerAdvice
class AccountNavAdvice {

    @ModelAttribute("currentUserSuperuser")
    boolean currentUserSuperuser(Authentication authentication) {
        return authentication != null && authentication.getAuthorities().stream()
                .anyMatch(a -> "ROLE_SUPERUSER".equals(a.getAuthority()));
    }
}
