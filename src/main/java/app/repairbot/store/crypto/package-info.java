/**
 * Encryption of free text at rest: AES-GCM with the data key (REPAIRBOT_DATA_KEY, or one generated
 * and kept in the data folder for the embedded store).
 */
package app.repairbot.store.crypto;
