package org.pobsync.legacy;

import java.io.StringReader;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * SnakeYAML, set up once for the legacy files. Reading composes a node tree (so every problem
 * can name its line) and builds scalar values with a {@link SafeConstructor} only, so no tag in
 * a file can instantiate a Java type; the loader is bounded in size, nesting and aliases.
 * Writing is deterministic: block style, keys in the order given, one line per scalar.
 */
final class LegacyYaml {

    /** A legacy file is a few hundred bytes; anything near this is not one. */
    static final int MAX_CODE_POINTS = 1024 * 1024;

    /** A file that is not well-formed YAML, with the position SnakeYAML found the problem at. */
    static final class SyntaxError extends Exception {
        private final int line;
        private final int column;

        SyntaxError(String message, int line, int column) {
            super(message);
            this.line = line;
            this.column = column;
        }

        /** 1-based; 0 when unknown. */
        int line() {
            return line;
        }

        int column() {
            return column;
        }
    }

    /** Exposes SafeConstructor's scalar rules (YAML 1.1 ints, bools, nulls) one node at a time. */
    private static final class ScalarConstructor extends SafeConstructor {
        ScalarConstructor(LoaderOptions options) {
            super(options);
        }

        Object construct(ScalarNode node) {
            return constructObject(node);
        }
    }

    private final LoaderOptions loaderOptions = loaderOptions();
    private final ScalarConstructor constructor = new ScalarConstructor(loaderOptions);

    private static LoaderOptions loaderOptions() {
        LoaderOptions o = new LoaderOptions();
        o.setCodePointLimit(MAX_CODE_POINTS);
        o.setNestingDepthLimit(10);
        o.setMaxAliasesForCollections(20);
        o.setAllowRecursiveKeys(false);
        o.setAllowDuplicateKeys(false);
        o.setProcessComments(false);
        return o;
    }

    /** The document's root node; null for an empty file. */
    Node compose(String text) throws SyntaxError {
        // A fresh Yaml per call: SnakeYAML's Yaml objects are not thread-safe.
        Yaml yaml = new Yaml(new SafeConstructor(loaderOptions), new Representer(dumperOptions()), dumperOptions(),
                loaderOptions);
        try {
            return yaml.compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            throw new SyntaxError(oneLine(problem), mark == null ? 0 : mark.getLine() + 1,
                    mark == null ? 0 : mark.getColumn() + 1);
        } catch (YAMLException e) {
            throw new SyntaxError(oneLine(e.getMessage()), 0, 0);
        }
    }

    /**
     * The value of a scalar with one of the standard tags: String, Integer/Long/BigInteger,
     * Double, Boolean, null, or {@link Unreadable}. Other tags ({@code !!binary}, {@code !!timestamp}, {@code !foo})
     * are reported by the caller from {@link #isPlainData}.
     */
    Object value(ScalarNode node) {
        try {
            return constructor.construct(node);
        } catch (RuntimeException e) {
            // An explicit tag that does not fit its text, such as "!!int abc".
            return new Unreadable(oneLine(e.getMessage()));
        }
    }

    /** A scalar SafeConstructor could not build; never equal to any expected type. */
    record Unreadable(String problem) {
    }

    static boolean isPlainData(ScalarNode node) {
        Tag t = node.getTag();
        return t.equals(Tag.STR) || t.equals(Tag.INT) || t.equals(Tag.BOOL) || t.equals(Tag.NULL)
                || t.equals(Tag.FLOAT);
    }

    /** The whole document for a map of keys in order; values are strings, numbers, booleans, lists, maps, null. */
    String dump(Map<String, Object> document) {
        return new Yaml(new SafeConstructor(loaderOptions), new Representer(dumperOptions()), dumperOptions(),
                loaderOptions).dump(document);
    }

    private static DumperOptions dumperOptions() {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setDefaultScalarStyle(DumperOptions.ScalarStyle.PLAIN);
        o.setIndent(2);
        o.setIndicatorIndent(2);
        o.setIndentWithIndicator(true);
        o.setAllowUnicode(true);
        o.setSplitLines(false);
        o.setWidth(Integer.MAX_VALUE);
        o.setLineBreak(DumperOptions.LineBreak.UNIX);
        // Two empty lists may be one object in Java; the file should say [] twice, not use an alias.
        o.setDereferenceAliases(true);
        // A control character in notes is written as an escape, not as a !!binary blob.
        o.setNonPrintableStyle(DumperOptions.NonPrintableStyle.ESCAPE);
        return o;
    }

    private static String oneLine(String s) {
        return s == null ? "malformed YAML" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
