package org.pobsync.legacy;

import java.util.List;

/** The legacy configuration has problems; nothing was written. Each problem names its file and key. */
public class LegacyImportRefusedException extends RuntimeException {

    private final List<LegacyProblem> problems;

    public LegacyImportRefusedException(List<LegacyProblem> problems) {
        super(problems.size() + " problem(s) in the legacy configuration; nothing was imported");
        this.problems = List.copyOf(problems);
    }

    public List<LegacyProblem> problems() {
        return problems;
    }
}
