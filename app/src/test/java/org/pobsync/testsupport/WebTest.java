package org.pobsync.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.pobsync.web.PobsyncWeb;
import org.pobsync.web.PobsyncWebApplication;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
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

    /**
     * A fresh {@link WebFixture} and its services, registered the way {@code PobsyncWeb.start}
     * registers a real process's, before any controller is created.
     */
    @TestConfiguration(proxyBeanMethods = false)
    class Fixture {
        @Bean
        static BeanFactoryPostProcessor pobsyncServices() {
            return beans -> {
                WebFixture fixture = WebFixture.create();
                beans.registerSingleton("webFixture", fixture);
                ((DefaultListableBeanFactory) beans).registerDisposableBean("webFixture", fixture::close);
                PobsyncWeb.registerServices(beans, fixture.app());
            };
        }
    }
}
