package org.pobsync.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RowsTest {

    @Test
    void listsRoundTripAsJsonArraysOfStrings() {
        List<String> odd = List.of("/home", "a \"quoted\" name", "back\\slash", "tab\tand\nnewline", "ünï €", "");
        String json = Rows.json(odd);
        assertThat(json).startsWith("[\"/home\",").endsWith("\"\"]");
        assertThat(Rows.stringList(json, "c")).isEqualTo(odd);
        assertThat(Rows.json(List.of())).isEqualTo("[]");
        assertThat(Rows.json(null)).isEqualTo("[]");
        assertThat(Rows.stringList("[]", "c")).isEmpty();
        assertThat(Rows.stringList(" [ \"a\" , \"b\" ] ", "c")).containsExactly("a", "b");
    }

    @Test
    void anythingButAnArrayOfStringsIsRefusedWithTheColumnNamed() {
        for (String bad : new String[] {"{\"a\":1}", "\"a\"", "[\"a\", null]", "[[\"a\"]]", "[{}]", "[\"a\"] [\"b\"]"}) {
            assertThatThrownBy(() -> Rows.stringList(bad, "excludes")).as(bad)
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("excludes");
        }
        assertThatThrownBy(() -> Rows.stringList("[\"a\"", "excludes")).isInstanceOf(RuntimeException.class);
    }
}
