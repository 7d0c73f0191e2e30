/**
 * Inside the embedded store: the H2 backend that commits every write before it is acknowledged, stores
 * documents as BSON, scrubs freed space and compacts. Used by {@code store.embedded} only.
 */
package app.repairbot.store.embedded.internal;
