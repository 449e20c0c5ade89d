package org.atrium.notifications.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.atrium.platform.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.web.util.HtmlUtils;

/**
 * The template language of tenants' overrides: text with {@code {{variable}}} placeholders and nothing else. There
 * are no expressions, no method calls, no includes and no loops, so a template can reach nothing but the values of
 * its notification's fixed variable set; a placeholder naming anything else, or any other use of braces, is refused
 * when the template is saved. A tenant writes no markup: for a mail's HTML body the whole template, its own text as
 * much as the values, is escaped, and paragraphs (separated by a blank line) become {@code <p>} elements, so
 * {@code <script>} in a template or a value shows as text. In text and SMS values go in as they are (never
 * interpreted as markup), with control characters removed.
 */
final class SafeTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z][A-Za-z0-9]{0,40})\\s*}}");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n\\t]]");

    enum Kind {
        HTML, TEXT
    }

    private SafeTemplate() {
    }

    /** Refuses a template that uses braces other than as a known placeholder; the problem names the field. */
    static void check(String field, String template, Set<String> variables) {
        Matcher m = PLACEHOLDER.matcher(template);
        Set<String> unknown = new TreeSet<>();
        StringBuilder rest = new StringBuilder();
        int last = 0;
        while (m.find()) {
            if (!variables.contains(m.group(1))) {
                unknown.add(m.group(1));
            }
            rest.append(template, last, m.start());
            last = m.end();
        }
        rest.append(template.substring(last));
        if (!unknown.isEmpty()) {
            throw ProblemException.invalidField(field, "unknown variable(s) " + String.join(", ", unknown)
                    + "; this notification has: " + String.join(", ", new TreeSet<>(variables)));
        }
        if (rest.indexOf("{{") >= 0 || rest.indexOf("}}") >= 0) {
            throw ProblemException.invalidField(field,
                    "only {{variable}} placeholders are allowed: no expressions, calls or other {{ }} syntax");
        }
        if (CONTROL.matcher(template).find()) {
            throw ProblemException.invalidField(field, "must not contain control characters");
        }
    }

    static String render(String template, Map<String, @Nullable Object> values, Kind kind) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object value = values.get(m.group(1));
            String text = value == null ? "" : CONTROL.matcher(value.toString()).replaceAll("");
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        String text = out.toString();
        return kind == Kind.HTML ? paragraphs(text) : text;
    }

    /** Escaped paragraphs: the only markup in an overridden mail body is ours. */
    static String paragraphs(String text) {
        StringBuilder html = new StringBuilder();
        for (String paragraph : paragraphList(text)) {
            html.append("<p>").append(HtmlUtils.htmlEscape(paragraph).replace("\n", "<br>")).append("</p>\n");
        }
        return html.toString();
    }

    static List<String> paragraphList(String text) {
        List<String> list = new ArrayList<>();
        for (String paragraph : text.replace("\r\n", "\n").split("\n\\s*\n")) {
            if (!paragraph.isBlank()) {
                list.add(paragraph.strip());
            }
        }
        return list;
    }

    /** The variables a template uses, in order of first use. */
    static List<String> variablesUsed(String template) {
        List<String> used = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!used.contains(m.group(1))) {
                used.add(m.group(1));
            }
        }
        return used;
    }
}
