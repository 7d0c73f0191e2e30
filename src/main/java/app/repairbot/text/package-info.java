/**
 * Text matching shared by features that read what people write: word and phrase lists from
 * resources ({@link app.repairbot.text.WordLists}) and a whole-word phrase matcher that ignores
 * case and apostrophes ({@link app.repairbot.text.PhraseMatcher}). The phrasing coach and the
 * safety screen both use it, and neither depends on the other.
 */
package app.repairbot.text;
