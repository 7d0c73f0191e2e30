/**
 * The store: sessions, couples and schedules in MongoDB (a real server from MONGODB_URI, or the
 * embedded one under REPAIRBOT_DATA_DIR), free text encrypted at rest. Its settings live here; the
 * MongoDB adapter in {@code mongo}, the embedded server in {@code embedded}, the encryption in {@code crypto}.
 */
package app.repairbot.store;
