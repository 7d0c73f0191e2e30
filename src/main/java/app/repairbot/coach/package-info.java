/**
 * The phrasing coach: finds absolutes and blame-led "you" statements in an answer and suggests
 * a gentler phrasing. Word lists are resources an author can edit.
 */
package app.repairbot.coach;
