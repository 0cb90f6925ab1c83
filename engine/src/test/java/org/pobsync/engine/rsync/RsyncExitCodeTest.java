package org.pobsync.engine.rsync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pobsync.engine.RunOutcome;
import org.pobsync.engine.SnapshotState;

class RsyncExitCodeTest {

    @ParameterizedTest(name = "exit {0} -> {1}, snapshot {2}")
    @CsvSource({
        "0,   SUCCEEDED, COMPLETE",
        "24,  WARNING,   COMPLETE",
        "23,  WARNING,   PARTIAL",
        "1,   FAILED,    INCOMPLETE",
        "11,  FAILED,    INCOMPLETE",
        "12,  FAILED,    INCOMPLETE",
        "20,  FAILED,    INCOMPLETE",
        "25,  FAILED,    INCOMPLETE",
        "30,  FAILED,    INCOMPLETE",
        "127, FAILED,    INCOMPLETE",
        "143, FAILED,    INCOMPLETE",
        "255, FAILED,    INCOMPLETE",
    })
    void classifies(int exit, RunOutcome outcome, SnapshotState state) {
        RsyncExitCode.Verdict verdict = RsyncExitCode.classify(exit);
        assertThat(verdict.outcome()).isEqualTo(outcome);
        assertThat(verdict.snapshotState()).isEqualTo(state);
        assertThat(verdict.keepsSnapshot()).isEqualTo(state != SnapshotState.INCOMPLETE);
    }

    @ParameterizedTest
    @CsvSource({"23, FAILED, INCOMPLETE", "0, SUCCEEDED, COMPLETE"})
    void aPartialTransferOfNothingAtAllIsAFailure(int exit, RunOutcome outcome, SnapshotState state) {
        RsyncExitCode.Verdict verdict = RsyncExitCode.classify(exit, true);
        assertThat(verdict.outcome()).isEqualTo(outcome);
        assertThat(verdict.snapshotState()).isEqualTo(state);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "23|partial transfer due to error",
        "24|partial transfer due to vanished source files",
        "137|killed by signal 9",
        "99|unknown error"})
    void explainsCodesInRsyncsWords(int exit, String meaning) {
        assertThat(RsyncExitCode.meaning(exit)).isEqualTo(meaning);
    }
}
