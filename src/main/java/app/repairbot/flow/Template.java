package app.repairbot.flow;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text the bot posts, with {@code {{variable}}} places. Parsed once at load time so that
 * validation knows every variable a text uses.
 */
public record Template(String source, List<Part> parts) {
    private static final Pattern PLACE = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]*)\\s*}}");
    static final Pattern NAME = Pattern.compile("(before\\.)?((starter|partner)\\.)?[a-z][a-z0-9_-]*|starter|partner");
    /** What a follow-up flow reads of the run that scheduled it: {@code before.NAME}, {@code before.starter.NAME}. */
    public static final String BEFORE = "before.";

    public Template {
        parts = List.copyOf(parts);
    }

    /** One piece of a template: literal text, or a variable. */
    public sealed interface Part permits Literal, Variable {
    }

    public record Literal(String text) implements Part {
    }

    public record Variable(String name) implements Part {
    }

    /** Thrown for a template that cannot be read, such as an unclosed {@code {{}. */
    public static final class BadTemplate extends IllegalArgumentException {
        BadTemplate(String message) {
            super(message);
        }
    }

    public static Template parse(String source) {
        List<Part> parts = new ArrayList<>();
        Matcher m = PLACE.matcher(source);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                parts.add(new Literal(source.substring(at, m.start())));
            }
            String name = m.group(1);
            if (!NAME.matcher(name).matches()) {
                throw new BadTemplate("'{{" + name + "}}' is not a variable name: use {{starter}}, {{partner}}, "
                        + "{{NAME}} or {{starter.NAME}} / {{partner.NAME}} (in a follow-up: {{before.NAME}}), with NAME in lower case");
            }
            parts.add(new Variable(name));
            at = m.end();
        }
        String rest = source.substring(at);
        if (rest.contains("{{") || rest.contains("}}")) {
            throw new BadTemplate("a '{{' or '}}' is not closed or not opened: variables are written {{name}}");
        }
        if (!rest.isEmpty()) {
            parts.add(new Literal(rest));
        }
        return new Template(source, parts);
    }

    public static Template literal(String text) {
        return new Template(text, text.isEmpty() ? List.of() : List.of(new Literal(text)));
    }

    /** Every variable the text uses, in order of first use. */
    public Set<String> variables() {
        Set<String> names = new LinkedHashSet<>();
        for (Part p : parts) {
            if (p instanceof Variable v) {
                names.add(v.name());
            }
        }
        return names;
    }

    public boolean isEmpty() {
        return source.isBlank();
    }

    public String render(Function<String, String> values) {
        StringBuilder out = new StringBuilder(source.length() + 32);
        for (Part p : parts) {
            if (p instanceof Literal l) {
                out.append(l.text());
            } else if (p instanceof Variable v) {
                String value = values.apply(v.name());
                out.append(value == null ? "" : value);
            }
        }
        return DOUBLED_STOP.matcher(out).replaceAll("$1$2");
    }

    /**
     * An answer that ends its own sentence, quoted in one that ends too: {@code "…talking.". Is that
     * close?} reads as {@code "…talking." Is that close?}.
     */
    private static final java.util.regex.Pattern DOUBLED_STOP = java.util.regex.Pattern.compile("([.!?\u2026])([\"\u201D'\u2019])\\.");
}
