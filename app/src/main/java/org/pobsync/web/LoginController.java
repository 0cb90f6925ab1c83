package org.pobsync.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The login page; Spring Security handles the POST to /login and the POST to /logout. */
@Controller
class LoginController {

    @GetMapping("/login")
    String login(HttpServletRequest request, Authentication authentication, Model model) {
        if (authentication != null && !(authentication instanceof AnonymousAuthenticationToken)
                && authentication.isAuthenticated() && request.getParameter("error") == null) {
            return "redirect:/";
        }
        if (request.getParameter("error") != null) {
            model.addAttribute("loginError", failureMessage(request.getSession(false)));
        }
        model.addAttribute("loggedOut", request.getParameter("logout") != null);
        return "login";
    }

    /** One message for every wrong-password case, so the page does not reveal which user names exist. */
    private static String failureMessage(HttpSession session) {
        Object e = session == null ? null : session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
        if (e instanceof LockedException locked) {
            return locked.getMessage();
        }
        if (e instanceof AuthenticationException) {
            return "Wrong user name or password, or the account may not use the panel.";
        }
        return "Login failed. Try again.";
    }
}
