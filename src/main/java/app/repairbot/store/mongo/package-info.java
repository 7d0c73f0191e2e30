/**
 * The MongoDB adapter: the connection (to MONGODB_URI or the embedded server), the engine's and the
 * scheduler's stores as readable documents (the session codec is {@code SessionCodec}), the caches in
 * front of them, indexes, health, and the Spring wiring of it all.
 */
package app.repairbot.store.mongo;
