/**
 * Runs flows: one session per chat, stepped by chat events and by due times, answering with
 * channel-neutral replies. Spring Statemachine stays inside {@code engine.internal}; the engine
 * never sees Telegram, MongoDB or the sandbox.
 */
package app.repairbot.engine;
