package org.pobsync.users;

import java.security.Principal;
import java.util.Objects;
import org.pobsync.validation.ConflictException;
import org.pobsync.validation.FieldError;
import org.pobsync.validation.InvalidInputException;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * User management for superusers (SPEC section 9, /admin/): list, create, deactivate and
 * reactivate, staff and superuser flags, password resets. Staff who are not superusers get 403
 * (SecurityConfig, and {@link SuperuserRecheck} for a session whose superuser flag was taken away).
 */
@Controller
class UserAdminController {

    private final UserService users;

    UserAdminController(UserService users) {
        this.users = users;
    }

    @GetMapping("/admin/")
    String list(Model model) {
        model.addAttribute("users", users.list());
        return "admin/users";
    }

    @GetMapping("/admin/users/new")
    String initCreationForm(Model model) {
        model.addAttribute("user", new UserForm());
        return "admin/new-user";
    }

    @PostMapping("/admin/users/new")
    String processCreationForm(@ModelAttribute("user") UserForm form, BindingResult result, Principal principal,
                               RedirectAttributes redirect) {
        if (!Objects.equals(form.getPassword(), form.getPasswordAgain())) {
            result.rejectValue("passwordAgain", "mismatch", "the two passwords differ");
        }
        try {
            if (!result.hasErrors()) {
                users.create(form.getUsername(), form.getEmail(), form.getPassword(), form.isStaff(),
                        form.isSuperuser(), principal.getName());
            }
        } catch (InvalidInputException e) {
            reject(result, e);
        }
        if (result.hasErrors()) {
            return "admin/new-user";
        }
        redirect.addFlashAttribute("flashOk", "User " + form.getUsername() + " created.");
        return "redirect:/admin/users/" + form.getUsername() + "/";
    }

    @GetMapping("/admin/users/{username}/")
    String show(@PathVariable String username, Model model) {
        model.addAttribute("account", users.get(username));
        if (!model.containsAttribute("passwordForm")) {
            model.addAttribute("passwordForm", new PasswordForm());
        }
        return "admin/user";
    }

    @PostMapping("/admin/users/{username}/flags")
    String setFlags(@PathVariable String username, @RequestParam(defaultValue = "false") boolean active,
                    @RequestParam(defaultValue = "false") boolean staff,
                    @RequestParam(defaultValue = "false") boolean superuser, Principal principal,
                    RedirectAttributes redirect) {
        User u = users.get(username);
        if (u.username().equals(principal.getName()) && (!active || !staff || !superuser)) {
            throw new ConflictException("you cannot deactivate yourself or take away your own staff or superuser"
                    + " flag; another superuser can");
        }
        users.setFlags(username, active, staff, superuser, principal.getName());
        redirect.addFlashAttribute("flashOk", "Saved " + username + ": " + (active ? "active" : "inactive")
                + (staff || superuser ? ", staff" : "") + (superuser ? ", superuser" : "") + ".");
        return "redirect:/admin/users/" + username + "/";
    }

    @PostMapping("/admin/users/{username}/password")
    String resetPassword(@PathVariable String username, @ModelAttribute("passwordForm") PasswordForm form,
                         BindingResult result, Principal principal, Model model, RedirectAttributes redirect) {
        User u = users.get(username);
        if (!Objects.equals(form.getPassword(), form.getPasswordAgain())) {
            result.rejectValue("passwordAgain", "mismatch", "the two passwords differ");
        } else {
            try {
                users.changePassword(u.username(), form.getPassword(), principal.getName());
            } catch (InvalidInputException e) {
                reject(result, e);
            }
        }
        if (result.hasErrors()) {
            model.addAttribute("account", u);
            return "admin/user";
        }
        redirect.addFlashAttribute("flashOk", "Password of " + username + " reset.");
        return "redirect:/admin/users/" + username + "/";
    }

    /** Puts the service's field errors next to the form's fields (others above the form). */
    static void reject(BindingResult result, InvalidInputException e) {
        BeanWrapper form = new BeanWrapperImpl(result.getTarget());
        for (FieldError error : e.errors()) {
            if (form.isReadableProperty(error.field())) {
                result.rejectValue(error.field(), "invalid", error.message());
            } else {
                result.reject("invalid", error.field() + ": " + error.message());
            }
        }
    }
}
