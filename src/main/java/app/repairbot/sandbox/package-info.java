/**
 * The local sandbox: with no TELEGRAM_BOT_TOKEN, the app serves a stand-in for the Telegram Bot
 * API (the methods the bot uses, in Telegram's JSON shapes) and a web chat page with two personas,
 * their group and their private chats. The real TelegramBots client talks to it, so the sandbox
 * runs the same adapter code as production.
 */
package app.repairbot.sandbox;
