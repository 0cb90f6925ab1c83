package org.pobsync.users;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import org.pobsync.validation.ConflictException;
import org.pobsync.validation.FieldError;
import org.pobsync.validation.InvalidInputException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Every staff user's own page: the time zone pages show times in, change the password (the current one is asked first; the
 * user's other sessions and remembered browsers end) and manage API tokens, each with an
 * optional expiry date. A new token is rendered straight into the response of the POST that created it,
 * never stored in the session, and never shown again.
 */
@Controller
class AccountController {

    /** Region names only (Europe/Amsterdam), for the zone field's suggestions. */
    private static final List<String> ZONE_IDS = ZoneId.getAvailableZoneIds().stream()
            .filter(id -> id.contains("/") && !id.startsWith("Etc/") && !id.startsWith("SystemV/")).sorted().toList();

    private final UserService users;
    private final ApiTokenService tokens;

    AccountController(UserService users, ApiTokenService tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    @GetMapping("/account/")
    String show(Principal principal, Model model) {
        return page(principal, model);
    }

    @PostMapping("/account/password")
    String changePassword(@ModelAttribute("passwordForm") PasswordForm form, BindingResult result, Principal principal,
                          HttpServletRequest request, Model model, RedirectAttributes redirect) {
        User me = users.get(principal.getName());
        if (!users.encoder().matches(form.getCurrentPassword() == null ? "" : form.getCurrentPassword(),
                me.passwordHash())) {
            result.rejectValue("currentPassword", "wrong", "this is not your current password");
        }
        if (!Objects.equals(form.getPassword(), form.getPasswordAgain())) {
            result.rejectValue("passwordAgain", "mismatch", "the two passwords differ");
        }
        if (!result.hasErrors()) {
            try {
                users.changePassword(me.username(), form.getPassword(), me.username());
                // Every other session of this user ends at its next request; this one goes on.
                SessionCredentials.remember(request, users.get(me.username()).passwordHash());
            } catch (InvalidInputException e) {
                UserAdminController.reject(result, e);
            }
        }
        if (result.hasErrors()) {
            return page(principal, model);
        }
        redirect.addFlashAttribute("flashOk", "Password changed. Your other sessions and remembered browsers are signed out.");
        return "redirect:/account/";
    }

    @PostMapping("/account/time-zone")
    String changeTimeZone(@RequestParam(defaultValue = "") String timeZone, Principal principal, Model model,
                          RedirectAttributes redirect) {
        try {
            users.setTimeZone(principal.getName(), timeZone, principal.getName());
        } catch (InvalidInputException e) {
            model.addAttribute("timeZoneError", e.errors().get(0).message());
            model.addAttribute("timeZoneValue", timeZone);
            return page(principal, model);
        }
        redirect.addFlashAttribute("flashOk", timeZone.isBlank()
                ? "Pages now show times in the server's time zone." : "Pages now show times in " + timeZone.trim() + ".");
        return "redirect:/account/";
    }

    @PostMapping("/account/tokens")
    String createToken(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String expires,
                       Principal principal, Model model) {
        try {
            ApiTokenService.Created created = tokens.create(principal.getName(), name, ApiTokenService.expiryOf(expires),
                    principal.getName());
            model.addAttribute("newToken", created);
            // Where this panel was reached, not the default bind: behind a proxy or on another port
            // the example must still work when pasted.
            model.addAttribute("apiStatusUrl",
                    ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/status/").toUriString());
        } catch (InvalidInputException e) {
            for (FieldError error : e.errors()) {
                model.addAttribute(error.field().equals("expires") ? "tokenExpiresError" : "tokenNameError",
                        error.message());
            }
            model.addAttribute("tokenName", name);
            model.addAttribute("tokenExpires", expires);
        } catch (ConflictException e) {
            model.addAttribute("tokenNameError", e.getMessage());
            model.addAttribute("tokenName", name);
        }
        return page(principal, model);
    }

    @PostMapping("/account/tokens/{id}/revoke")
    String revokeToken(@PathVariable long id, Principal principal, RedirectAttributes redirect) {
        tokens.revoke(principal.getName(), id, principal.getName());
        redirect.addFlashAttribute("flashOk", "API token " + id + " revoked: scripts using it now get 401.");
        return "redirect:/account/";
    }

    private String page(Principal principal, Model model) {
        User account = users.get(principal.getName());
        model.addAttribute("account", account);
        if (!model.containsAttribute("timeZoneValue")) {
            model.addAttribute("timeZoneValue", account.timeZone() == null ? "" : account.timeZone().getId());
        }
        model.addAttribute("zoneIds", ZONE_IDS);
        model.addAttribute("tokens", tokens.list(principal.getName()));
        if (!model.containsAttribute("passwordForm")) {
            model.addAttribute("passwordForm", new PasswordForm());
        }
        return "account/page";
    }
}
