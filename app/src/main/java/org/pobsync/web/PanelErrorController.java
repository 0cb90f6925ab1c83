package org.pobsync.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Every error the container sees (unknown URL, access denied, an exception while rendering)
 * ends on the panel's error page, in the layout, with the status and no internals. Replaces
 * Spring Boot's BasicErrorController, whose JSON variant fails on a response that already
 * chose text/html.
 */
@Controller
class PanelErrorController implements ErrorController {

    @RequestMapping("/error")
    String error(HttpServletRequest request, HttpServletResponse response, Model model) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // Opened directly (not as an error dispatch) it is simply a page that does not exist.
        int status = code instanceof Integer i ? i : HttpServletResponse.SC_NOT_FOUND;
        response.setStatus(status);
        model.addAttribute("status", status);
        return "error";
    }
}
