package org.pobsync.legacy;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Collects every problem of a whole legacy configuration, so the operator sees them all at once. */
final class LegacyProblems {

    private final List<LegacyProblem> problems = new ArrayList<>();

    void add(String file, String key, Node at, String message) {
        add(file, key, at == null ? 0 : at.getStartMark().getLine() + 1, message);
    }

    void add(String file, String key, int line, String message) {
        problems.add(new LegacyProblem(file, key, line, 0, message));
    }

    void add(LegacyProblem problem) {
        problems.add(problem);
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    int size() {
        return problems.size();
    }

    List<LegacyProblem> list() {
        return List.copyOf(problems);
    }
}
