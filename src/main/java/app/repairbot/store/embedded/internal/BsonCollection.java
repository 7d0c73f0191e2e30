package app.repairbot.store.embedded.internal;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.stream.Stream;

import org.h2.mvstore.MVMap;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoCollection;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;

/**
 * A collection of the embedded store, in place of the H2 backend's own: the same map and file
 * format, but what the map holds is never changed after it is stored.
 *
 * <p>The embedded server applies an update by changing the stored document object in place and
 * then putting it back. The H2 backend hands it the very object its map holds, so a commit running
 * on another thread (every write commits) could write that document half changed, and a crash
 * right then would leave it so on disk. Here the map holds each document's BSON
 * ({@link StoredDocument}), encoded once when it is stored: the server gets a copy of its own to
 * change, and a commit copies bytes instead of encoding every document on each page it writes.
 *
 * <p>It does not keep the collection's size in bytes up to date on every write (the H2 backend
 * computed it twice per update by encoding both versions, and wrote it to a map of its own each
 * time); statistics add it up when asked.
 */
final class BsonCollection extends AbstractSynchronizedMongoCollection<Object> {
    private final MVMap<Object, StoredDocument> data;
    private final WriteGate gate;

    BsonCollection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, StoredDocument> data,
            CursorRegistry cursors, WriteGate gate) {
        super(database, name, options, cursors);
        this.data = data;
        this.gate = gate;
    }

    // Every way in to a change of documents: each operation (one statement of a command: one document,
    // or all those of an updateMany) is applied whole, its index entries and its documents, with no
    // commit in the middle of it (WriteGate, DurableH2Backend).

    private void whole(Runnable write) {
        gate.write(() -> {
            write.run();
            return null;
        });
    }

    @Override
    public void addDocument(Document document) {
        whole(() -> super.addDocument(document));
    }

    @Override
    public void addDocuments(Stream<Document> documents) {
        whole(() -> super.addDocuments(documents));
    }

    @Override
    public List<Document> insertDocuments(List<Document> documents, boolean isOrdered) {
        return gate.write(() -> super.insertDocuments(documents, isOrdered));
    }

    @Override
    public Document updateDocuments(Document selector, Document update, ArrayFilters arrayFilters, boolean isMulti,
            boolean isUpsert, Oplog oplog) {
        return gate.write(() -> super.updateDocuments(selector, update, arrayFilters, isMulti, isUpsert, oplog));
    }

    @Override
    public Document findAndModify(Document query) {
        return gate.write(() -> super.findAndModify(query));
    }

    @Override
    public int deleteDocuments(Document selector, int limit, Oplog oplog) {
        return gate.write(() -> super.deleteDocuments(selector, limit, oplog));
    }

    @Override
    public void removeDocument(Document document) {
        whole(() -> super.removeDocument(document));
    }

    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected void updateDataSize(int sizeDelta) {
        // not tracked: getDataSize adds it up
    }

    @Override
    protected int getDataSize() {
        long size = 0;
        for (StoredDocument document : data.values()) {
            size += document.bson().length;
        }
        return (int) Math.min(size, Integer.MAX_VALUE);
    }

    @Override
    protected Object addDocumentInternal(Document document) {
        Object key = getIdField() != null ? Utils.getSubdocumentValue(document, getIdField()) : UUID.randomUUID();
        StoredDocument previous = data.put(Missing.ofNullable(key), StoredDocument.of(document));
        if (previous != null) {
            throw new IllegalStateException("Document with key '" + key + "' already existed in " + this);
        }
        return key;
    }

    @Override
    protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
        data.put(Missing.ofNullable(position), StoredDocument.of(newDocument));
    }

    @Override
    public int count() {
        return data.size();
    }

    @Override
    public boolean isEmpty() {
        return data.isEmpty();
    }

    /** A copy: the server changes what it gets here in place when it applies an update. */
    @Override
    protected Document getDocument(Object position) {
        StoredDocument document = data.get(position);
        return document == null ? null : document.copy();
    }

    @Override
    protected void removeDocument(Object position) {
        if (data.remove(position) == null) {
            throw new NoSuchElementException("No document with key " + position);
        }
    }

    /** The stored documents themselves, not copies: the server only reads these (to build an index, to find one). */
    @Override
    protected Stream<DocumentWithPosition<Object>> streamAllDocumentsWithPosition() {
        return data.entrySet().stream().map(entry -> new DocumentWithPosition<>(entry.getValue().view(), entry.getKey()));
    }

    /** A query no index answers: every document is read in place, and the matching ones are copied. */
    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int numberToReturn,
            int batchSize, Document fieldSelector) {
        Stream<Document> documents;
        if (isNaturalDescending(orderBy)) {
            documents = streamAllDocumentsWithPosition()
                    .sorted((a, b) -> ValueComparator.desc().compare(a.getPosition(), b.getPosition()))
                    .map(DocumentWithPosition::getDocument);
        } else {
            documents = data.values().stream().map(StoredDocument::view);
        }
        Stream<Document> matching = documents.filter(document -> documentMatchesQuery(document, query)).map(Document::cloneDeeply);
        return matchDocumentsFromStream(matching, query, orderBy, numberToSkip, numberToReturn, batchSize, fieldSelector);
    }
}
