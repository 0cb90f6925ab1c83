package org.pobsync.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pobsync.config.RetentionSettings;
import org.pobsync.engine.Transport;
import org.pobsync.validation.FieldError;
import org.springframework.beans.BeanWrapperImpl;

/** Every rule of the one host check, each under the form field the panel shows it next to. */
class HostSpecValidatorTest {

    @TempDir
    static Path tmp;

    private static Path dataDir;
    private HostSpecValidator validator;

    @BeforeEach
    void setUp() throws Exception {
        dataDir = Files.createDirectories(tmp.resolve("var/lib/pobsync"));
        validator = new HostSpecValidator(new LocalSourceGuard(List.of(new LocalSourceGuard.Guarded("data dir", dataDir))));
    }

    private static HostSpec.Builder valid() {
        return HostSpec.builder("web1").address("web1.example.org").sourcePaths(List.of("/etc", "/home"));
    }

    private static List<String> many(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }

    @Test
    void aCompleteValidSpecHasNoProblems() {
        HostSpec spec = valid().sshUser("backup").sshPort(2222).useSudo(true).excludes(List.of("*.tmp"))
                .rsyncOptions(List.of("--compress")).bwlimitKbps(500).timeoutSeconds(900)
                .retentionOverride(new RetentionSettings(0, null, null, null, null, null)).notes("ops").build();
        assertThat(validator.problems(spec)).isEmpty();
        assertThat(validator.problems(valid().transport(Transport.LOCAL).address(null)
                .sourcePaths(List.of(tmp.resolve("srv").toString())).build())).isEmpty();
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                rule("host name", b -> HostSpec.builder("Web 1").address("a").sourcePaths(List.of("/etc")), "name",
                        "\"Web 1\" is not a valid host name"),
                rule("missing host name", b -> HostSpec.builder("").address("a").sourcePaths(List.of("/etc")), "name",
                        "is required"),
                rule("ssh without address", b -> b.address(null), "address", "is required"),
                rule("address read as an option", b -> b.address("-oProxyCommand=x"), "address", "may not start with '-'"),
                rule("address with a shell character", b -> b.address("a;b"), "address", "';', which is not allowed"),
                rule("user", b -> b.sshUser("-oX"), "user", "is not a valid user name"),
                rule("port", b -> b.sshPort(70000), "port", "70000 is not a TCP port"),
                rule("negative port", b -> b.sshPort(-1), "port", "-1 is not a TCP port"),
                rule("sudo on a local host", b -> b.transport(Transport.LOCAL).sourcePaths(List.of("/srv")).useSudo(true),
                        "useSudo", "sudo applies to the remote side of the ssh transport only"),
                rule("no source path", b -> b.sourcePaths(List.of()), "paths", "at least one absolute path is required"),
                rule("relative path", b -> b.sourcePaths(List.of("etc")), "paths", "must be an absolute path"),
                rule("wildcard path", b -> b.sourcePaths(List.of("/etc/*")), "paths", "wildcard"),
                rule("dot-dot path", b -> b.sourcePaths(List.of("/etc/../root")), "paths", "is not normalized"),
                rule("path with a newline", b -> b.sourcePaths(List.of("/etc\n/root")), "paths", "control characters"),
                rule("path listed twice", b -> b.sourcePaths(List.of("/etc", "/etc/")), "paths", "'/etc' is listed twice"),
                rule("too many paths", b -> b.sourcePaths(many("/p", 1001)), "paths", "1001 paths are more than the 1000"),
                rule("path too long", b -> b.sourcePaths(List.of("/" + "x".repeat(100_000))), "paths",
                        "is 100001 bytes long; rsync takes at most 4095"),
                rule("filter-rule exclude", b -> b.excludes(List.of("+ /etc")), "excludes", "filter-rule prefix"),
                rule("exclude that clears the rest", b -> b.excludes(List.of("!")), "excludes", "would clear every exclude"),
                rule("too many excludes", b -> b.excludes(Collections.nCopies(1001, "*.tmp")), "excludes",
                        "1001 patterns are more than the 1000"),
                rule("exclude too long", b -> b.excludes(List.of("x".repeat(4096))), "excludes",
                        "is 4096 bytes long; rsync takes at most 4095"),
                rule("paths too long together", b -> b.sourcePaths(many("/" + "p".repeat(1000), 40)), "paths",
                        "the source paths, exclude patterns and rsync options add up to 40150 bytes, more than the 32768"),
                rule("excludes too long together", b -> b.excludes(many("e".repeat(1000), 40)), "excludes",
                        "more than the 32768"),
                rule("refused rsync option", b -> b.rsyncOptions(List.of("--rsh=sh")), "rsyncOptions", "is refused"),
                rule("option not in the allowlist", b -> b.rsyncOptions(List.of("--frobnicate")), "rsyncOptions",
                        "is not in the allowlist"),
                rule("bandwidth limit", b -> b.bwlimitKbps(-5), "bwlimit", "-5 is not a bandwidth limit"),
                rule("bandwidth limit twice", b -> b.bwlimitKbps(100).rsyncOptions(List.of("--bwlimit=200")), "bwlimit",
                        "either here or as an rsync option, not both"),
                rule("timeout", b -> b.timeoutSeconds(604_801), "timeout", "between 0 (the global default) and 604800"),
                rule("negative timeout", b -> b.timeoutSeconds(-1), "timeout", "between 0"),
                rule("empty retention override", b -> b.retentionOverride(RetentionSettings.KEEP_EVERYTHING),
                        "retentionOverride", "an override needs at least one rule"),
                rule("long notes", b -> b.notes("n".repeat(10_001)), "notes", "limited to 10000 characters"),
                rule("local: the data dir", b -> local(b, dataDir), "paths", "is pobsync's data dir"),
                rule("local: inside the data dir", b -> local(b, dataDir.resolve("ssh/id_ed25519")), "paths",
                        "is inside pobsync's data dir"),
                rule("local: a parent of the data dir", b -> local(b, tmp.resolve("var")), "paths",
                        "contains pobsync's data dir"),
                rule("local: the root", b -> local(b, Path.of("/")), "paths", "contains pobsync's data dir " + dataDir));
    }

    private static Arguments rule(String what, UnaryOperator<HostSpec.Builder> breakIt, String field, String message) {
        return Arguments.of(what, breakIt, field, message);
    }

    private static HostSpec.Builder local(HostSpec.Builder b, Path path) {
        return b.transport(Transport.LOCAL).sourcePaths(List.of(path.toString()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void eachRuleNamesItsFormField(String what, UnaryOperator<HostSpec.Builder> breakIt, String field, String message) {
        List<FieldError> problems = validator.problems(breakIt.apply(valid()).build());
        assertThat(problems).as(what).hasSize(1);
        assertThat(problems.get(0).field()).isEqualTo(field);
        assertThat(problems.get(0).message()).contains(message);
        assertThat(HostField.byForm(field)).as("a host field").isNotNull();
        assertThat(new BeanWrapperImpl(new HostForm()).isReadableProperty(field)).as("a form property").isTrue();
    }

    @Test
    void everyHostFieldIsAPropertyOfThePanelForm() {
        BeanWrapperImpl form = new BeanWrapperImpl(new HostForm());
        for (HostField f : HostField.values()) {
            assertThat(form.isWritableProperty(f.form())).as(f.name()).isTrue();
            assertThat(HostField.byForm(f.form())).isEqualTo(f);
        }
    }

    @Test
    void everyProblemOfASpecIsReportedAtOnce() {
        HostSpec spec = HostSpec.builder("Bad").address("-x").sshPort(0x10000).sourcePaths(List.of("rel"))
                .rsyncOptions(List.of("-e")).timeoutSeconds(-1).build();
        assertThat(validator.problems(spec)).extracting(FieldError::field)
                .containsExactly("name", "address", "port", "paths", "rsyncOptions", "timeout");
    }

    @Test
    void aLongListShowsItsFirstFiveProblemsAndCountsTheRest() {
        List<FieldError> problems = validator.problems(valid().sourcePaths(many("relative", 12)).build());
        assertThat(problems).hasSize(6).allMatch(e -> e.field().equals("paths"));
        assertThat(problems.get(0).message()).contains("\"relative0\" must be an absolute path");
        assertThat(problems.get(5).message()).isEqualTo("and 7 more problems in this list");
    }

    @Test
    void aSymbolicLinkIntoTheDataDirIsRefusedForALocalHost() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("innocent-" + System.nanoTime()), dataDir.resolve("ssh"));
        List<FieldError> problems = validator.problems(local(valid(), link.resolve("keys")).build());
        assertThat(problems).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("paths");
            assertThat(e.message()).contains("is inside pobsync's data dir " + dataDir);
        });
        assertThat(validator.problems(valid().sourcePaths(List.of(link.toString())).build()))
                .as("an ssh host's paths are on another machine").isEmpty();
    }
}
