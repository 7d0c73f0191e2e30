/**
 * The Telegram adapter: Bot API updates become chat events, bot replies become Bot API
 * requests (TelegramBots 9.4, pointed at any Bot API with TelegramUrl). The engine never sees
 * a Telegram class.
 */
package app.repairbot.telegram;
