package org.pobsync.legacy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed reading of one YAML mapping of a legacy file. Every getter reports what is wrong (wrong
 * type, missing, unknown or repeated key) with the file, the key path and the line, and returns
 * null so reading goes on and the operator sees every problem at once. An absent key and an
 * explicit {@code null} mean the same: the documented default.
 */
final class YamlMap {

    private final LegacyYaml yaml;
    private final LegacyProblems problems;
    private final String file;
    private final String path;
    private final Node node;
    private final Map<String, Node> values = new LinkedHashMap<>();

    private YamlMap(LegacyYaml yaml, LegacyProblems problems, String file, String path, Node node) {
        this.yaml = yaml;
        this.problems = problems;
        this.file = file;
        this.path = path;
        this.node = node;
    }

    /** The mapping at {@code node}, with its keys checked against {@code known}; null if it is not a mapping. */
    static YamlMap of(LegacyYaml yaml, LegacyProblems problems, String file, String path, Node node,
                      List<String> known) {
        if (!(node instanceof MappingNode mapping) || !mapping.getTag().equals(Tag.MAP)) {
            problems.add(file, path, node, "expected a mapping of keys, got " + describe(yaml, node));
            return null;
        }
        YamlMap map = new YamlMap(yaml, problems, file, path, node);
        Map<String, Integer> lines = new HashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            Node keyNode = t.getKeyNode();
            Object key = keyNode instanceof ScalarNode s && LegacyYaml.isPlainData(s) ? yaml.value(s) : null;
            int line = keyNode.getStartMark().getLine() + 1;
            if (!(key instanceof String name)) {
                problems.add(file, path, keyNode, "keys must be plain names, got " + describe(yaml, keyNode));
            } else if (lines.containsKey(name)) {
                problems.add(file, map.key(name), line, "appears twice (first on line " + lines.get(name) + ")");
            } else if (!known.contains(name)) {
                problems.add(file, map.key(LegacyProblem.printable(name)), line,
                        "unknown key (known keys here: " + String.join(", ", known) + ")");
            } else {
                lines.put(name, line);
                map.values.put(name, t.getValueNode());
            }
        }
        return map;
    }

    String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    String file() {
        return file;
    }

    /** The line of the key's value, or of this mapping when the key is absent. */
    int line(String name) {
        Node n = values.getOrDefault(name, node);
        return n.getStartMark().getLine() + 1;
    }

    /** Present with a value other than null. */
    boolean has(String name) {
        Node n = values.get(name);
        return n != null && !(n instanceof ScalarNode s && s.getTag().equals(Tag.NULL));
    }

    boolean require(String name, String what) {
        if (has(name)) {
            return true;
        }
        problems.add(file, key(name), node, "is required (" + what + ")");
        return false;
    }

    String string(String name) {
        Object v = scalar(name, "text");
        if (v == null || v instanceof String) {
            return (String) v;
        }
        wrongType(name, "text", values.get(name), " (put it in quotes if it is meant as text)");
        return null;
    }

    Integer integer(String name) {
        Object v = scalar(name, "a whole number");
        if (v == null || v instanceof Integer) {
            return (Integer) v;
        }
        if (v instanceof Number && !(v instanceof Double)) {
            problems.add(file, key(name), values.get(name), "the number " + v + " is out of range");
        } else {
            wrongType(name, "a whole number", values.get(name), "");
        }
        return null;
    }

    Boolean bool(String name) {
        Object v = scalar(name, "true or false");
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        wrongType(name, "true or false", values.get(name), "");
        return null;
    }

    /** A list of texts; null when absent, or when it or an element has the wrong type. */
    List<String> strings(String name) {
        Node n = values.get(name);
        if (!has(name)) {
            return null;
        }
        if (!(n instanceof SequenceNode seq) || !seq.getTag().equals(Tag.SEQ)) {
            wrongType(name, "a list (one '- item' per line)", n, "");
            return null;
        }
        List<String> list = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node item = seq.getValue().get(i);
            Object v = item instanceof ScalarNode s && LegacyYaml.isPlainData(s) ? yaml.value(s) : item;
            if (v instanceof String text) {
                list.add(text);
            } else {
                problems.add(file, key(name) + "[" + i + "]", item, "expected text, got " + describe(yaml, item)
                        + (v instanceof Number || v instanceof Boolean ? " (put it in quotes)" : ""));
                ok = false;
            }
        }
        return ok ? list : null;
    }

    /** The nested mapping; null when absent or not a mapping (reported). */
    YamlMap map(String name, List<String> known) {
        return has(name) ? of(yaml, problems, file, key(name), values.get(name), known) : null;
    }

    private Object scalar(String name, String expected) {
        Node n = values.get(name);
        if (!has(name)) {
            return null;
        }
        if (!(n instanceof ScalarNode s) || !LegacyYaml.isPlainData(s)) {
            wrongType(name, expected, n, "");
            return null;
        }
        return yaml.value(s);
    }

    private void wrongType(String name, String expected, Node n, String hint) {
        problems.add(file, key(name), n, "expected " + expected + ", got " + describe(yaml, n) + hint);
    }

    static String describe(LegacyYaml yaml, Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode s = (ScalarNode) n;
        if (!LegacyYaml.isPlainData(s)) {
            return "a value tagged " + LegacyProblem.quote(s.getTag().getValue());
        }
        Object v = yaml.value(s);
        if (v == null) {
            return "null";
        }
        if (v instanceof LegacyYaml.Unreadable u) {
            return "an unreadable value (" + u.problem() + ")";
        }
        if (v instanceof Boolean) {
            return "the boolean " + v;
        }
        if (v instanceof Number) {
            return "the number " + s.getValue();
        }
        return "the text " + LegacyProblem.quote((String) v);
    }
}
