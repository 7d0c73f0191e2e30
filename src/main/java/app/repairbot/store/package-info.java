/**
 * MongoDB: the client (a real server from MONGODB_URI, or the embedded one under
 * REPAIRBOT_DATA_DIR), readable session and couple documents with free text encrypted at rest,
 * and indexes made at start-up.
 */
package app.repairbot.store;
