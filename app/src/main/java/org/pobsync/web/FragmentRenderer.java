package org.pobsync.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.View;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;

/**
 * Renders a template fragment ({@code "dashboard :: lists"}) into a string, through the same view
 * as a page (the same variables, links and escaping), so a page can reuse a part whose data has
 * not changed instead of rendering it on every request. The response it is given is only read
 * (for links); nothing is written to it. Such markup is shared between readers, so it must not
 * hold anything of one session: a form (whose CSRF token is the session's) is refused.
 */
@Component
final class FragmentRenderer {

    private final ThymeleafViewResolver views;

    FragmentRenderer(ThymeleafViewResolver views) {
        this.views = views;
    }

    String render(String fragment, Map<String, ?> model, HttpServletRequest request, HttpServletResponse response) {
        try {
            View view = views.resolveViewName(fragment, Locale.ROOT);
            if (view == null) {
                throw new IllegalStateException("no view for " + fragment);
            }
            Captured captured = new Captured(response);
            view.render(new HashMap<>(model), request, captured);
            String text = captured.text();
            if (text.contains("name=\"_csrf\"")) {
                throw new IllegalStateException(fragment + " holds a form, whose CSRF token belongs to one session;"
                        + " render forms with the page, not in shared markup");
            }
            return text;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot render " + fragment + ": " + e.getMessage(), e);
        }
    }

    /** A response whose text goes into a string and whose headers stay untouched. */
    private static final class Captured extends HttpServletResponseWrapper {

        private final StringWriter text = new StringWriter(16 * 1024);
        private final PrintWriter writer = new PrintWriter(text);

        Captured(HttpServletResponse response) {
            super(response);
        }

        @Override
        public PrintWriter getWriter() {
            return writer;
        }

        @Override
        public void setContentType(String type) {
        }

        @Override
        public void setCharacterEncoding(String charset) {
        }

        @Override
        public void setLocale(Locale locale) {
        }

        @Override
        public void flushBuffer() {
            writer.flush();
        }

        String text() {
            writer.flush();
            return text.toString();
        }
    }
}
