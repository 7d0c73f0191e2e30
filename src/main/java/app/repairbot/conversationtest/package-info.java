/**
 * Conversation tests (FLOW-DSL.md section 6): scripted chats between a couple and the bot, run
 * against the real engine with a test clock, no Telegram and no database.
 */
package app.repairbot.conversationtest;
