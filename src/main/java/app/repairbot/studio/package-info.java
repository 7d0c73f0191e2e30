/**
 * The flow studio at {@code /studio}: a local web page where flow authors see every flow with its
 * problems, edit it with validation as they type, see it drawn, run the conversation tests, and
 * save (only valid files; in sandbox mode the running catalog reloads). On by default in sandbox
 * mode; in Telegram mode only with {@code REPAIRBOT_STUDIO=true}.
 */
package app.repairbot.studio;
