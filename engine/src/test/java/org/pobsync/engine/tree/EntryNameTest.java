package org.pobsync.engine.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EntryNameTest {

    private static String escaped(byte... bytes) {
        return EntryName.ofBytes(bytes).escaped();
    }

    @Test
    void plainUtf8IsShownAsItIs() {
        EntryName name = EntryName.literal("ünïcødé ☃ -leading dash.txt");
        assertThat(name.escaped()).isEqualTo("ünïcødé ☃ -leading dash.txt");
        assertThat(name.isPlain()).isTrue();
    }

    @Test
    void bytesThatAreNotUtf8AndControlCharactersAreEscaped() {
        assertThat(escaped((byte) 'c', (byte) 'a', (byte) 'f', (byte) 0xe9)).isEqualTo("caf\\xe9");
        assertThat(EntryName.literal("new\nline\ttab\rcr").escaped()).isEqualTo("new\\nline\\ttab\\rcr");
        assertThat(EntryName.literal("bell\u0007del\u007f").escaped()).isEqualTo("bell\\x07del\\x7f");
        assertThat(EntryName.literal("back\\slash").escaped()).isEqualTo("back\\\\slash");
        assertThat(EntryName.literal("evil\u202etxt.exe").escaped()).isEqualTo("evil\\u{202e}txt.exe");
        assertThat(EntryName.literal("c1\u0085").escaped()).isEqualTo("c1\\u{85}");
        assertThat(escaped((byte) 0xed, (byte) 0xa0, (byte) 0x80)).as("an encoded surrogate is not UTF-8")
                .isEqualTo("\\xed\\xa0\\x80");
        assertThat(EntryName.ofBytes(new byte[] {(byte) 0xff}).isPlain()).isFalse();
    }

    @Test
    void parsingTheEscapedFormGivesBackTheSameBytes() {
        Random random = new Random(42);
        for (int i = 0; i < 5000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(12)];
            random.nextBytes(bytes);
            for (int k = 0; k < bytes.length; k++) {
                if (bytes[k] == 0 || bytes[k] == '/') {
                    bytes[k] = 'x';
                }
            }
            if (EntryName.problem(bytes) != null) {
                continue;
            }
            EntryName name = EntryName.ofBytes(bytes);
            assertThat(EntryName.parse(name.escaped())).as(name.escaped()).isEqualTo(name);
        }
    }

    @Test
    void namesThatCannotBeInADirectoryAreRefused() {
        assertThatThrownBy(() -> EntryName.parse("..")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EntryName.parse(".")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EntryName.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EntryName.parse("a\\x2fb")).hasMessageContaining("'/'");
        assertThatThrownBy(() -> EntryName.parse("a\\x00")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> EntryName.parse("trailing\\")).hasMessageContaining("lone backslash");
        assertThatThrownBy(() -> EntryName.parse("bad\\q")).hasMessageContaining("unknown escape");
        assertThatThrownBy(() -> EntryName.parse("\\x2e\\x2e")).as("'..' spelled in escapes")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EntryName.parse("x".repeat(256))).hasMessageContaining("255");
    }

    @Test
    void namesSortByTheirBytes() {
        assertThat(EntryName.literal("B").compareTo(EntryName.literal("a"))).isNegative();
        assertThat(EntryName.literal("z").compareTo(EntryName.ofBytes("é".getBytes(StandardCharsets.UTF_8)))).isNegative();
    }
}
