/**
 * The port between the engine and any chat channel: {@link app.repairbot.chat.ChatEvent}s in,
 * {@link app.repairbot.chat.BotReply}s out. Telegram, the sandbox and conversation tests all
 * speak it; nothing here knows Telegram.
 */
package app.repairbot.chat;
