/**
 * The MongoDB adapter: the connection (to MONGODB_URI or the embedded server), the stores of
 * {@code session} (sessions, couples, claims on sending outboxes) and the scheduler's, as readable
 * documents (the session codec is {@code SessionCodec}), the caches in front of them, indexes,
 * health, and the Spring wiring of it all. It depends on {@code session}, never on the engine.
 */
package app.repairbot.store.mongo;
