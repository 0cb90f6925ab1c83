package org.pobsync.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.pobsync.testsupport.PanelRequests.staff;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.pobsync.hosts.Host;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

@WebTest
class ScheduleControllerTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;

    @Test
    void initFormOfAHostWithoutScheduleSuggestsOne() throws Exception {
        Host h = fixture.newHost("sched-new");
        mvc.perform(get("/hosts/" + h.name() + "/schedule").with(staff()))
                .andExpect(status().isOk())
                .andExpect(view().name("hosts/schedule"))
                .andExpect(content().string(containsString("No schedule yet")))
                .andExpect(content().string(containsString("15 2 * * *")));
    }

    @Test
    void savedScheduleShowsItsDescriptionAndTheNextFiveRuns() throws Exception {
        Host h = fixture.newHost("sched");
        mvc.perform(post("/hosts/" + h.name() + "/schedule").with(staff()).with(csrf())
                        .param("cron", "30 3 * * 1-5").param("timeZone", "Europe/Amsterdam").param("prune", "true")
                        .param("_prune", "on").param("enabled", "true").param("_enabled", "on"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/hosts/" + h.name() + "/schedule"));
        Schedule s = fixture.app().schedules().forHost(h.name()).orElseThrow();
        assertThat(s.cronExpression()).isEqualTo("30 3 * * 1-5");
        assertThat(s.timeZone().getId()).isEqualTo("Europe/Amsterdam");
        assertThat(s.prune()).isTrue();
        String page = mvc.perform(get("/hosts/" + h.name() + "/schedule").with(staff()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("at 03:30")))
                .andReturn().getResponse().getContentAsString();
        Matcher list = Pattern.compile("<ol class=\"plain\" id=\"next-runs\">(.*?)</ol>", Pattern.DOTALL).matcher(page);
        assertThat(list.find()).isTrue();
        assertThat(list.group(1).split("<li>", -1)).hasSize(6);
    }

    @Test
    void invalidExpressionAndZoneComeBackNextToTheirFieldsAndNothingIsSaved() throws Exception {
        Host h = fixture.newHost("sched-bad");
        mvc.perform(post("/hosts/" + h.name() + "/schedule").with(staff()).with(csrf())
                        .param("cron", "every night").param("timeZone", "Mars/Olympus").param("_enabled", "on"))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrors("schedule", "cron", "timeZone"))
                .andExpect(content().string(containsString("must have 5 fields")))
                .andExpect(content().string(containsString("unknown time zone")));
        assertThat(fixture.app().schedules().forHost(h.name())).isEmpty();
    }

    @Test
    void disableKeepsTheExpressionAndStopsTheNextRuns() throws Exception {
        Host h = fixture.newHost("sched-off");
        fixture.app().schedules().configure(h.name(), "0 */6 * * *", "UTC", false, true, "test");
        mvc.perform(post("/hosts/" + h.name() + "/schedule/disable").with(staff()).with(csrf()))
                .andExpect(status().is3xxRedirection());
        Schedule s = fixture.app().schedules().forHost(h.name()).orElseThrow();
        assertThat(s.enabled()).isFalse();
        assertThat(s.cronExpression()).isEqualTo("0 */6 * * *");
        assertThat(s.nextRunAt()).isNull();
        mvc.perform(get("/hosts/" + h.name() + "/schedule").with(staff()))
                .andExpect(content().string(containsString("none while disabled")));
    }
}
