package org.pobsync.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.pobsync.settings.PobsyncVersion;
import org.pobsync.users.DisplayZone;
import org.pobsync.validation.ConflictException;
import org.pobsync.validation.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * What every page shares: the signed-in user for the header, and the one mapping from service
 * exceptions to error pages (an unknown host is a 404 page in the layout, never a stack trace).
 */
@ControllerAdvice
class PanelAdvice {

    private static final Logger log = LoggerFactory.getLogger(PanelAdvice.class);

    private final Fmt fmt;

    private final HostNameOptions hostFilter;

    PanelAdvice(Fmt fmt, HostNameOptions hostFilter) {
        this.fmt = fmt;
        this.hostFilter = hostFilter;
    }

    /** The host names the lists' host filter suggests, made when a page renders that filter. */
    @ModelAttribute("hostFilter")
    HostNameOptions hostFilter() {
        return hostFilter;
    }

    @ModelAttribute("currentUser")
    String currentUser(Authentication authentication) {
        return authentication == null || authentication instanceof AnonymousAuthenticationToken
                ? null : authentication.getName();
    }

    /**
     * Formatting helpers as a model variable (cheaper per expression than a bean reference), in
     * the reader's time zone, resolved once for the request.
     */
    @ModelAttribute("fmt")
    Fmt fmt(HttpServletRequest request) {
        return fmt.in(DisplayZone.of(request, fmt.zone()));
    }

    @ModelAttribute("pobsyncVersion")
    String version() {
        return PobsyncVersion.get();
    }

    @ExceptionHandler(NotFoundException.class)
    String notFound(NotFoundException e, HttpServletResponse response, Model model) {
        if (e.subject() == NotFoundException.Subject.HOST) {
            // The exception's message is the CLI's ("see: pobsync manage configure-host"); the page says it in panel terms.
            model.addAttribute("unknownHost", e.name());
            return error(response, model, HttpServletResponse.SC_NOT_FOUND, null);
        }
        return error(response, model, HttpServletResponse.SC_NOT_FOUND, e.getMessage());
    }

    /** A path variable of the wrong type (/runs/abc/) names nothing: 404, like any unknown page. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    String typeMismatch(MethodArgumentTypeMismatchException e, HttpServletResponse response, Model model) {
        return error(response, model, HttpServletResponse.SC_NOT_FOUND,
                "'" + e.getValue() + "' is not a valid " + e.getName() + ".");
    }

    @ExceptionHandler({IllegalArgumentException.class, MissingServletRequestParameterException.class})
    String badRequest(Exception e, HttpServletResponse response, Model model) {
        log.debug("bad request: {}", e.getMessage());
        return error(response, model, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    String conflict(ConflictException e, HttpServletResponse response, Model model) {
        return error(response, model, HttpServletResponse.SC_CONFLICT, e.getMessage());
    }

    /** Exception handlers get a fresh model, without the attributes above: the layout needs them. */
    private String error(HttpServletResponse response, Model model, int status, String detail) {
        HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes())
                .getRequest();
        response.setStatus(status);
        model.addAttribute("currentUser", currentUser(SecurityContextHolder.getContext().getAuthentication()));
        model.addAttribute("pobsyncVersion", version());
        model.addAttribute("fmt", fmt(request));
        model.addAttribute("status", status);
        model.addAttribute("detail", detail);
        return "error";
    }
}
