package app.repairbot.text;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Which known word a mistyped one was probably meant to be ("/stauts" for /status). */
public final class Spelling {
    private Spelling() {
    }

    /**
     * The one known word closest to {@code typed} within a typing slip or two: one edit for words of
     * up to five letters, two for longer ones (an edit is a letter added, missed, changed, or two
     * swapped). Empty when none is that close, or when two are equally close, so that a guess is
     * offered only when there is one.
     */
    public static Optional<String> closest(String typed, Collection<String> known) {
        String t = typed.toLowerCase(Locale.ROOT);
        int allowed = t.length() >= 6 ? 2 : 1;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        boolean tie = false;
        for (String k : known) {
            int d = distance(t, k.toLowerCase(Locale.ROOT));
            if (d == 0 || d > allowed) {
                continue;
            }
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
                tie = false;
            } else if (d == bestDistance && !k.equalsIgnoreCase(best)) {
                tie = true;
            }
        }
        return tie ? Optional.empty() : Optional.ofNullable(best);
    }

    /** Edits from one word to the other (optimal string alignment: two swapped letters count as one). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
