/**
 * The embedded default store: mongo-java-server on a loopback port over one owner-only file, and its
 * scheduled compaction. How the file is written (H2 MVStore pages of BSON, commits per write, erasure)
 * is in {@code internal}, which nothing outside this package uses.
 */
package app.repairbot.store.embedded;
