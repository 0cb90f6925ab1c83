package org.pobsync.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.testsupport.Await;
import org.pobsync.testsupport.HttpAgent;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.PobsyncProcess;
import org.pobsync.testsupport.TestDatabase;

/**
 * A real {@code pobsync serve} on an empty data dir: the generated admin password is printed in a
 * box after the panel is listening, with the URL, and kept in {@code initial-admin-password}
 * (0600) until admin's first sign-in.
 */
class FirstStartProcessTest {

    @TempDir
    Path dir;

    @Test
    void theFirstStartBoxesThePasswordAfterTheListeningLineAndItsFileGoesAtTheFirstLogin() throws Exception {
        int port = LoopbackSshd.freePort();
        Map<String, String> env = new HashMap<>(TestDatabase.SQLITE.env(dir.resolve("var")));
        env.put("POBSYNC_BIND", "127.0.0.1:" + port);
        env.put("POBSYNC_BACKUP_ROOT", dir.resolve("backups").toString());
        Path file = dir.resolve("var").resolve("initial-admin-password");
        try (PobsyncProcess serve = PobsyncProcess.start(env, dir.resolve("serve.log"), "serve")) {
            serve.awaitLog("^pobsync: \\+-+\\+$\\n(?s:.*)^pobsync: \\+-+\\+$", Duration.ofSeconds(90));
            String log = serve.log();
            int listening = log.indexOf("web panel listening on http://127.0.0.1:" + port + "/");
            int serving = log.indexOf("pobsync: serving http://127.0.0.1:" + port + "/");
            int box = log.indexOf("\npobsync: +-");
            assertThat(listening).as(log).isPositive();
            assertThat(box).as("the box comes after the start-up lines:\n" + log).isGreaterThan(listening)
                    .isGreaterThan(serving);
            String notice = log.substring(box);
            assertThat(notice).contains("sign in at:  http://127.0.0.1:" + port + "/", "user name:   admin",
                    "Also in " + file);
            Matcher m = Pattern.compile("password:\\s+(\\S+)").matcher(notice);
            assertThat(m.find()).isTrue();
            String password = m.group(1);
            // Every line of the box is framed, so no log line was printed into it.
            List<String> boxLines = notice.strip().lines().toList();
            assertThat(boxLines.subList(0, boxLines.indexOf(boxLines.stream().skip(1)
                    .filter(l -> l.startsWith("pobsync: +-")).findFirst().orElseThrow()) + 1))
                    .allMatch(l -> l.matches("pobsync: (\\| .* \\||\\+-+\\+)"));

            assertThat(Files.readString(file)).isEqualTo(password + "\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

            HttpAgent browser = new HttpAgent(port);
            assertThat(browser.login("admin", "not the password", false).header("Location")).endsWith("/login?error");
            assertThat(file).as("a failed login keeps it").exists();
            assertThat(browser.login("admin", password, false).header("Location")).doesNotContain("error");
            Await.until(Duration.ofSeconds(10), () -> !Files.exists(file), "the password file to go at the first login");
            serve.term();
            serve.waitFor(Duration.ofSeconds(60));
        }
    }
}
