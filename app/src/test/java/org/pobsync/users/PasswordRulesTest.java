package org.pobsync.users;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"password1234", "123456789012", "qwertyuiop12", "iloveyou2024!", "!!sunshine!!",
            "1q2w3e4r5t6y", "PASSWORD1234", "Qwerty123456"})
    void commonPasswordsAlsoWithDigitsOrSymbolsAroundThemAreRefused(String password) {
        assertThatThrownBy(() -> PasswordRules.check("alice", password))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("most common passwords");
    }

    @ParameterizedTest
    @ValueSource(strings = {"aaaaaaaaaaaa", "ZZZZZZZZZZZZZZZZ", "abababababab", "xyz1xyz1xyz1xyz1", "            "})
    void oneCharacterOrSequenceRepeatedIsRefused(String password) {
        assertThatThrownBy(() -> PasswordRules.check("alice", password))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeated");
    }

    @Test
    void lengthIsCountedInCharactersAndBoundedByBcryptsBytes() {
        assertThatThrownBy(() -> PasswordRules.check("alice", "eleven char"))
                .hasMessage("the password must have at least 12 characters");
        assertThatCode(() -> PasswordRules.check("alice", "ünïcødé wörds")).doesNotThrowAnyException();
        assertThatCode(() -> PasswordRules.check("alice",
                "the quick brown fox jumps over the lazy dog and the cat sleeps soundly!!")).doesNotThrowAnyException();
        assertThatThrownBy(() -> PasswordRules.check("alice", "correct horse battery staple ".repeat(3)))
                .hasMessageContaining("at most 72 bytes");
        assertThatThrownBy(() -> PasswordRules.check("alice", "ü".repeat(37)))
                .as("37 characters but 74 bytes").hasMessageContaining("at most 72 bytes");
    }

    @Test
    void theUserNameIsNoPasswordWithOrWithoutDigits() {
        assertThatThrownBy(() -> PasswordRules.check("margaretha", "Margaretha2024")).hasMessageContaining("user name");
        assertThatThrownBy(() -> PasswordRules.check("backup-operator", "backup-operator")).hasMessageContaining("user name");
        assertThatCode(() -> PasswordRules.check("ann", "ann likes long walks")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"correct horse battery", "dragonfly-harbour-42", "Tr0ub4dor&3xyz", "a new password"})
    void ordinaryStrongPasswordsPass(String password) {
        assertThatCode(() -> PasswordRules.check("alice", password)).doesNotThrowAnyException();
    }
}
