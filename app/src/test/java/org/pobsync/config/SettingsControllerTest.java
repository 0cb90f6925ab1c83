package org.pobsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.testsupport.PanelRequests.staff;
import static org.pobsync.testsupport.PanelRequests.superuser;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.pobsync.engine.StoreSetting;
import org.pobsync.testsupport.Html;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The settings page changes the server-wide configuration, so it has a database of its own
 * (a separate test context): the other panel tests keep their backup root.
 */
@WebTest
@TestPropertySource(properties = "pobsync.test.database=settings")
class SettingsControllerTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;

    @Test
    void onlySuperusersSeeTheSettingsAndTheirLink() throws Exception {
        mvc.perform(get("/settings/").with(staff())).andExpect(status().isForbidden());
        mvc.perform(post("/settings/").with(staff()).with(csrf())).andExpect(status().isForbidden());
        String asStaff = mvc.perform(get("/").with(staff())).andReturn().getResponse().getContentAsString();
        assertThat(asStaff).doesNotContain("href=\"/settings/\"");
        String page = page();
        assertThat(page).contains("href=\"/settings/\"");
        GlobalConfig c = fixture.app().globalConfig().get();
        assertThat(page).contains("value=\"" + c.backupRoot() + "\"", "value=\"" + c.rsyncTimeoutSeconds() + "\"",
                "value=\"" + c.staleRunTimeoutSeconds() + "\"", "value=\"" + c.runLogRetentionDays() + "\"",
                "value=\"" + c.defaultSshUser() + "\"", "value=\"" + c.defaultSshPort() + "\"",
                "value=\"" + c.maxConcurrentBackups() + "\"");
    }

    @Test
    void savingChangesWhatConfigureGlobalChangesAndIsAudited() throws Exception {
        GlobalConfig before = fixture.app().globalConfig().get();
        Path newRoot = fixture.dir().resolve("mnt/backup2");
        mvc.perform(form(before, "backupRoot", newRoot.toString(), "keepLast", "3", "keepDaily", "", "keepWeekly", "8", "keepMonthly", "",
                        "timeout", "900", "maxConcurrent", "5", "defaultUser", "backup", "defaultPort", "2222",
                        "staleRunTimeout", "600", "runLogRetentionDays", "30", "snapshotStore", "hardlink"))
                .andExpect(redirectedUrl("/settings/"))
                .andExpect(flash().attribute("flashOk", "Settings saved."));
        GlobalConfig after = fixture.app().globalConfig().get();
        assertThat(after.backupRoot()).isEqualTo(newRoot);
        assertThat(Files.isDirectory(newRoot)).as("a root an operator names is created and marked").isTrue();
        assertThat(after.retention()).as("the form states the whole policy: a blank rule is not used")
                .isEqualTo(new RetentionSettings(3, null, null, 8, null, null));
        assertThat(after.rsyncTimeoutSeconds()).isEqualTo(900);
        assertThat(after.maxConcurrentBackups()).isEqualTo(5);
        assertThat(after.defaultSshUser()).isEqualTo("backup");
        assertThat(after.defaultSshPort()).isEqualTo(2222);
        assertThat(after.staleRunTimeoutSeconds()).isEqualTo(600);
        assertThat(after.runLogRetentionDays()).isEqualTo(30);
        assertThat(after.snapshotStore()).isEqualTo(StoreSetting.HARDLINK);
        var audit = fixture.app().audit().recent(WebFixture.SUPERUSER, "global.update", 1, 0);
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).detail()).contains("backup_root=" + newRoot, "keep-last 3", "timeout=900");
    }

    @Test
    void badValuesAreShownNextToTheirFieldsWithTheCliWordingAndNothingIsSaved() throws Exception {
        GlobalConfig before = fixture.app().globalConfig().get();
        String page = mvc.perform(form(before, "backupRoot", "relative/path", "keepDaily", "-1", "timeout", "5",
                        "maxConcurrent", "many", "defaultPort", "", "defaultUser", "bad user;rm", "snapshotStore", "zfs",
                        "runLogRetentionDays", "99999999999"))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(fieldError(page, "backupRoot")).contains("the backup root must be an absolute path");
        assertThat(fieldError(page, "keepDaily")).contains("keep-daily must be between 0 and 100000, got -1");
        assertThat(fieldError(page, "timeout")).contains("must be between 10 and 604800, got 5");
        assertThat(fieldError(page, "maxConcurrent")).contains("must be a whole number, got 'many'");
        assertThat(fieldError(page, "defaultPort")).contains("required");
        assertThat(fieldError(page, "defaultUser")).isNotBlank();
        assertThat(fieldError(page, "snapshotStore")).contains("must be auto, hardlink or btrfs, got 'zfs'");
        assertThat(fieldError(page, "runLogRetentionDays")).contains("must be a whole number");
        assertThat(page).doesNotContain("Exception");
        assertThat(fixture.app().globalConfig().get()).as("nothing saved").isEqualTo(before);
    }

    @Test
    void theCliRefusesTheSameValueWithTheSameWords() {
        GlobalConfigService service = fixture.app().globalConfig();
        var cliChange = new GlobalConfigService.Changes(null, null, 5, null, null, null, null, null);
        assertThatInvalid(() -> service.update(cliChange, "test"))
                .isEqualTo("timeout: must be between 10 and 604800, got 5");
    }

    private static org.assertj.core.api.AbstractStringAssert<?> assertThatInvalid(Runnable r) {
        try {
            r.run();
        } catch (org.pobsync.validation.InvalidInputException e) {
            return assertThat(e.errors().get(0).toString());
        }
        throw new AssertionError("not refused");
    }

    /** The form as it is shown now, every field filled in, with {@code changes} (name, value, …) applied. */
    private MockHttpServletRequestBuilder form(GlobalConfig c, String... changes) {
        GlobalSettingsForm f = GlobalSettingsForm.of(c);
        java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("backupRoot", f.getBackupRoot());
        fields.put("keepLast", f.getKeepLast());
        fields.put("keepHourly", f.getKeepHourly());
        fields.put("keepDaily", f.getKeepDaily());
        fields.put("keepWeekly", f.getKeepWeekly());
        fields.put("keepMonthly", f.getKeepMonthly());
        fields.put("keepYearly", f.getKeepYearly());
        fields.put("timeout", f.getTimeout());
        fields.put("maxConcurrent", f.getMaxConcurrent());
        fields.put("defaultUser", f.getDefaultUser());
        fields.put("defaultPort", f.getDefaultPort());
        fields.put("staleRunTimeout", f.getStaleRunTimeout());
        fields.put("runLogRetentionDays", f.getRunLogRetentionDays());
        fields.put("snapshotStore", f.getSnapshotStore());
        for (int i = 0; i < changes.length; i += 2) {
            fields.put(changes[i], changes[i + 1]);
        }
        MockHttpServletRequestBuilder request = post("/settings/").with(superuser()).with(csrf());
        fields.forEach((name, value) -> request.param(name, value));
        return request;
    }

    /** The error paragraph right after the field's input. */
    private static String fieldError(String page, String field) {
        int input = page.indexOf("id=\"" + field + "\"");
        assertThat(input).as("field %s", field).isPositive();
        int error = page.indexOf("<p class=\"error\">", input);
        int nextField = page.indexOf("class=\"field", input);
        assertThat(error).as("an error next to %s", field).isPositive().isLessThan(nextField < 0 ? page.length() : nextField);
        return Html.text(page.substring(error, page.indexOf("</p>", error)));
    }

    private String page() throws Exception {
        return mvc.perform(get("/settings/").with(superuser())).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
    }
}
