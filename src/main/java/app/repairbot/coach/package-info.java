/**
 * The phrasing coach: finds absolutes, criticism, thoughts dressed as feelings, judgement words,
 * contempt, defensiveness, shouting, character attacks, ultimatums and backhanded praise in a
 * draft, as far as what the step is for asks (coach_for), and suggests a gentler phrasing from the
 * person's own words without the words it flagged. Word lists are resources under {@code coach/}
 * an author can edit.
 */
package app.repairbot.coach;
