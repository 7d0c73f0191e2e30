package app.repairbot.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Word lists kept as resources, one entry a line, '#' for comments. A phrase matches as whole
 * words, ignoring case, across any spacing, with its apostrophes optional ("dont" for "don't"):
 * see {@link PhraseMatcher}.
 * A line {@code @who = he, she, my partner} defines a set that later phrases use as {@code {who}}:
 * "{who} hit me" stands for "he hit me", "she hit me" and "my partner hit me".
 */
public final class WordLists {

    private WordLists() {
    }

    /** The phrases of a list, sets expanded, ready to be found in texts. */
    public static PhraseMatcher phrases(String resource) {
        return new PhraseMatcher(expanded(resource));
    }

    static List<String> expanded(String resource) {
        Map<String, List<String>> sets = new LinkedHashMap<>();
        List<String> out = new java.util.ArrayList<>();
        for (String line : lines(resource)) {
            if (line.startsWith("@")) {
                int eq = line.indexOf('=');
                if (eq < 2) {
                    throw new IllegalStateException(resource + ": a set is '@name = a, b, c', found '" + line + "'");
                }
                sets.put(line.substring(1, eq).strip(),
                        Arrays.stream(line.substring(eq + 1).split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList());
                continue;
            }
            List<String> forms = List.of(line);
            java.util.regex.Matcher m = SET.matcher(line);
            while (m.find()) {
                List<String> values = sets.get(m.group(1));
                if (values == null) {
                    throw new IllegalStateException(resource + ": '" + line + "' uses {" + m.group(1)
                            + "}, which no '@" + m.group(1) + " = …' line above it defines");
                }
                String token = m.group();
                forms = forms.stream().flatMap(f -> values.stream().map(v -> f.replace(token, v))).toList();
            }
            out.addAll(forms);
        }
        return out;
    }

    private static final Pattern SET = Pattern.compile("\\{([a-z-]+)}");

    public static Set<String> words(String resource) {
        return Set.copyOf(lines(resource));
    }

    /** Lines of the form {@code word = a, b, c}. */
    public static Map<String, List<String>> pairs(String resource) {
        Map<String, List<String>> pairs = new LinkedHashMap<>();
        for (String line : lines(resource)) {
            int eq = line.indexOf('=');
            if (eq < 1) {
                throw new IllegalStateException(resource + ": expected 'word = feeling, feeling', found '" + line + "'");
            }
            pairs.put(line.substring(0, eq).strip().toLowerCase(),
                    Arrays.stream(line.substring(eq + 1).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList());
        }
        return pairs;
    }

    /** The entries of a list: lines without comments, blanks dropped. Missing is an error. */
    public static List<String> lines(String resource) {
        return raw(resource).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /** Every line of a text resource, as it is. */
    public static List<String> raw(String resource) {
        InputStream in = WordLists.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("the word list " + resource + " is missing from the jar");
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return r.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
