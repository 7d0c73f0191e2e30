/**
 * The phrasing coach: finds absolutes, criticism, thoughts dressed as feelings, judgement words,
 * contempt, defensiveness and shouting in a draft, and suggests a gentler phrasing from the
 * person's own words. Word lists are resources under {@code coach/} an author can edit.
 */
package app.repairbot.coach;
