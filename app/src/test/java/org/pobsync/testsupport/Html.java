package org.pobsync.testsupport;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small readers for rendered pages, so page tests assert on the part of the page they mean. */
public final class Html {

    private Html() {
    }

    /** The element with this id, from its start tag to the first closing tag of its kind. */
    public static String element(String html, String tag, String id) {
        Matcher m = Pattern.compile("(?s)<" + tag + "\\b[^>]*\\bid=\"" + Pattern.quote(id) + "\"[^>]*>.*?</" + tag + ">")
                .matcher(html);
        if (!m.find()) {
            throw new AssertionError("no <" + tag + " id=\"" + id + "\"> in the page:\n" + html);
        }
        return m.group();
    }

    /** The form field (label, input, error and help) for the input named {@code name}. */
    public static String field(String html, String name) {
        Matcher m = Pattern.compile("(?s)<div class=\"field[^\"]*\">\\s*<label for=\"" + Pattern.quote(name)
                + "\".*?</div>\\s*</div>").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no field '" + name + "' in the page:\n" + html);
        }
        return m.group();
    }

    /** The text of the page without tags and with whitespace collapsed, for phrases that span lines. */
    public static String text(String html) {
        return html.replaceAll("(?s)<[^>]*>", " ").replace("&#39;", "'").replace("&quot;", "\"")
                .replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replaceAll("\\s+", " ");
    }
}
