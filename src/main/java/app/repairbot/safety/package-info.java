/**
 * The safety screen: crisis and abuse language found in every inbound text before a flow sees it,
 * and the private answers with help lines. Phrase lists and texts are resources under
 * {@code safety/}; only the fact of a flag is ever stored.
 */
package app.repairbot.safety;
