package app.repairbot.store.embedded.internal;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;

/**
 * The H2 backend's database, with its collections and unique indexes stored as BSON
 * ({@link BsonDataTypes}) instead of Java serialization, and its collections' documents never
 * changed once stored ({@link BsonCollection}).
 *
 * <p>It opens each map with those types before the backend's own code would (MVStore then hands
 * the backend's indexes the map already open), so the rest stays the backend's. A map's
 * format is recorded in the store's {@value #FORMATS} map. A map written by an earlier version
 * (Java serialization, not recorded there) is rewritten as BSON when first opened, in the same
 * commit that records it, so a crash leaves it either wholly old or wholly new.
 */
final class BsonH2Database extends H2Database {
    /** No dot in it: dropping a database removes the maps named after it and a dot ("repairbot.…"). */
    static final String FORMATS = "repairbot-formats";
    static final String BSON = "bson-1";
    private static final Logger log = LoggerFactory.getLogger(BsonH2Database.class);
    /** The store and gate while the superclass's constructor opens the existing collections (before our fields are set). */
    private static final ThreadLocal<Opening> OPENING = new ThreadLocal<>();

    private record Opening(MVStore store, WriteGate gate) {
    }

    private final Opening opened;

    private BsonH2Database(String name, Opening opening, CursorRegistry cursors) {
        super(name, opening.store(), cursors);
        this.opened = opening;
    }

    static BsonH2Database open(String name, MVStore store, CursorRegistry cursors, WriteGate gate) {
        Opening opening = new Opening(store, gate);
        OPENING.set(opening);
        try {
            return new BsonH2Database(name, opening, cursors);
        } finally {
            OPENING.remove();
        }
    }

    private Opening opening() {
        return opened != null ? opened : OPENING.get();
    }

    private MVStore store() {
        return opening().store();
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        MVMap<Object, StoredDocument> data = open(store(), "databases." + getFullCollectionNamespace(collectionName),
                BsonDataTypes.VALUE, BsonDataTypes.DOCUMENT, BsonH2Database::stored);
        return new BsonCollection(this, collectionName, options, data, cursorRegistry, opening().gate());
    }

    /** A document of a map written with Java serialization, as a collection's map now holds it. */
    private static Object stored(Object value) {
        return value instanceof Document document ? StoredDocument.of(document) : value;
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
            boolean sparse) {
        open(store(), getFullCollectionNamespace(collectionName) + "._index_" + indexName, BsonDataTypes.VALUE,
                BsonDataTypes.VALUE, UnaryOperator.identity());
        return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
    }

    @Override
    public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
        String from = "databases." + collection.getFullName();
        String to = "databases." + collection.getDatabaseName() + "." + newCollectionName;
        super.moveCollection(oldDatabase, collection, newCollectionName);
        MVMap<String, String> formats = store().openMap(FORMATS);
        formats.put(to, BSON);
        formats.remove(from);
    }

    /**
     * Opens the named map with the BSON types, recording that format for a new map and rewriting a
     * map an earlier version wrote with Java serialization.
     */
    static <K, V> MVMap<K, V> open(MVStore store, String name, DataType<? super K> keys, DataType<? super V> values,
            UnaryOperator<Object> convert) {
        MVMap<String, String> formats = store.openMap(FORMATS);
        if (!BSON.equals(formats.get(name))) {
            if (store.hasMap(name)) {
                migrate(store, name, keys, values, convert);
            } else {
                formats.put(name, BSON);
            }
        }
        return store.openMap(name, new MVMap.Builder<K, V>().keyType(keys).valueType(values));
    }

    @SuppressWarnings("unchecked")
    private static <K, V> void migrate(MVStore store, String name, DataType<? super K> keys, DataType<? super V> values,
            UnaryOperator<Object> convert) {
        MVMap<K, Object> old = store.openMap(name);
        String temporary = name + ".migrating";
        if (store.hasMap(temporary)) {
            store.removeMap(temporary);
        }
        MVMap<K, V> fresh = store.openMap(temporary, new MVMap.Builder<K, V>().keyType(keys).valueType(values));
        for (Map.Entry<K, Object> entry : old.entrySet()) {
            fresh.put(entry.getKey(), (V) convert.apply(entry.getValue()));
        }
        store.removeMap(old);
        store.renameMap(fresh, name);
        store.openMap(FORMATS).put(name, BSON);
        store.commit();
        log.info("Rewrote {} ({} entries) in the embedded store's BSON format", name, fresh.sizeAsLong());
    }
}
