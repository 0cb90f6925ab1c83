package org.pobsync.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.pobsync.app.AppContext;
import org.pobsync.web.PobsyncWebApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The panel's application context on a {@link WebFixture} database, with MockMvc (security
 * filters included). Every class with this annotation shares one context (Spring's test
 * context cache), so tests create uniquely named hosts and never assume an empty database.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = PobsyncWebApplication.class)
@AutoConfigureMockMvc
@Import(WebTest.Fixture.class)
public @interface WebTest {

    @TestConfiguration(proxyBeanMethods = false)
    class Fixture {
        @Bean(destroyMethod = "close")
        WebFixture webFixture() {
            return WebFixture.create();
        }

        @Bean(destroyMethod = "")
        AppContext appContext(WebFixture fixture) {
            return fixture.app();
        }
    }
}
