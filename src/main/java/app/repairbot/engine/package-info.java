/**
 * Runs flows: one session per chat (its data, and the store interfaces, are {@code session}'s),
 * stepped by chat events and by due times, answering with channel-neutral replies. {@code Engine}
 * loads and saves ({@code SessionUpdates}); a {@code Conversation} dispatches each {@code Turn} to
 * the part whose job it is ({@code Stepping}, {@code Answers}, {@code Pauses}, {@code Sharing},
 * {@code SafetyResponse}…; see docs/architecture.md). Spring Statemachine stays inside
 * {@code engine.internal}, moved only by {@code Stepping}; the engine never sees Telegram, MongoDB
 * or the sandbox.
 */
package app.repairbot.engine;
