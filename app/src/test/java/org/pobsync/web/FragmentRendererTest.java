package org.pobsync.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ServletContext;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;

/**
 * Markup rendered once and shared between readers (the dashboard's lists, a page of the host
 * list) is rendered like the page, and never carries one session's CSRF token to another.
 */
@WebTest
class FragmentRendererTest {

    @Autowired
    FragmentRenderer fragments;
    @Autowired
    ServletContext servletContext;

    @Test
    void aFragmentRendersWithThePagesLinksAndEscaping() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        String html = fragments.render("testing/shared-markup :: plain", Map.of("name", "web<1>"), request(), response);
        assertThat(html).contains("href=\"/hosts/web%3C1%3E/\"", ">web&lt;1&gt;</a>");
        assertThat(response.getContentAsString()).as("nothing is written to the real response").isEmpty();
        assertThat(response.getContentType()).isNull();
    }

    @Test
    void aPostFormIsRefusedBecauseItsTokenBelongsToOneSession() {
        assertThatThrownBy(() -> fragments.render("testing/shared-markup :: withForm", Map.of("name", "web1"), request(),
                new MockHttpServletResponse()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CSRF token belongs to one session");
    }

    private MockHttpServletRequest request() {
        MockHttpServletRequest request = new MockHttpServletRequest(servletContext, "GET", "/");
        CsrfToken token = new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "the-token-of-one-session");
        request.setAttribute(CsrfToken.class.getName(), token);
        request.setAttribute("_csrf", token);
        return request;
    }
}
