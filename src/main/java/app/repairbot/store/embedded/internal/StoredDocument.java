package app.repairbot.store.embedded.internal;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A document as the embedded store holds it: its BSON, encoded once when it is stored and never
 * changed afterwards. A commit writes these bytes as they are, whatever else is on the page, and
 * nothing another thread does to a document it was handed can reach them ({@link BsonCollection}).
 */
final class StoredDocument {
    private final byte[] bson;
    /** The decoded document, for reading only (matching a query); decoded when first needed. */
    private volatile Document view;

    StoredDocument(byte[] bson) {
        this.bson = bson;
    }

    /** The document's state now, encoded; later changes to {@code document} do not reach it. */
    static StoredDocument of(Document document) {
        ByteBuf out = Unpooled.buffer(1024);
        BsonEncoder.encodeDocument(document, out);
        byte[] bson = new byte[out.readableBytes()];
        out.readBytes(bson);
        return new StoredDocument(bson);
    }

    byte[] bson() {
        return bson;
    }

    /** A new document of its own for the caller, who may change it. */
    Document copy() {
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    }

    /** The document to read, shared by every reader: it must not be changed. */
    Document view() {
        Document document = view;
        if (document == null) {
            document = copy();
            view = document;
        }
        return document;
    }

    /** What MVStore counts it as in its cache: the bytes, and a decoded copy that may be made. */
    int memory() {
        return 64 + 4 * bson.length;
    }
}
