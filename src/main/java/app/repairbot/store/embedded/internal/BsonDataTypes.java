package app.repairbot.store.embedded.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * How the embedded store writes documents and keys into its MVStore pages: as BSON, with the
 * encoder and decoder the embedded server uses on the wire. Left to itself, MVStore writes any
 * class it does not know with Java serialization, one object stream per document and per index
 * key, every time a page is written (each commit); that was most of the embedded store's cost.
 */
final class BsonDataTypes {
    /** Documents: the values of a collection's map ({@link BsonCollection}). */
    static final BasicDataType<StoredDocument> DOCUMENT = new DocumentType();
    /** Ids and index keys: the keys of a collection's map, the keys and values of an index's map. */
    static final BasicDataType<Object> VALUE = new ValueType();

    private static final byte MISSING = 0;
    private static final byte BSON = 1;
    private static final byte KEY = 2;

    private BsonDataTypes() {
    }

    /** A document's BSON as it is, length first: the format Java serialization was replaced with. */
    private static final class DocumentType extends BasicDataType<StoredDocument> {
        @Override
        public int getMemory(StoredDocument document) {
            return document.memory();
        }

        @Override
        public void write(WriteBuffer buff, StoredDocument document) {
            buff.put(document.bson());
        }

        @Override
        public StoredDocument read(ByteBuffer buff) {
            int size = Integer.reverseBytes(buff.getInt(buff.position()));
            byte[] bson = new byte[size];
            buff.get(bson);
            return new StoredDocument(bson);
        }

        @Override
        public StoredDocument[] createStorage(int size) {
            return new StoredDocument[size];
        }
    }

    private static final class ValueType extends BasicDataType<Object> {
        private static final ValueComparator ORDER = ValueComparator.ascWithoutListHandling();

        @Override
        public int compare(Object a, Object b) {
            return compareValues(a, b);
        }

        @Override
        public int getMemory(Object value) {
            if (value instanceof KeyValue key) {
                int memory = 24;
                for (Object part : key) {
                    memory += getMemory(part);
                }
                return memory;
            }
            if (value instanceof String text) {
                return 40 + 2 * text.length();
            }
            return value instanceof Document || value instanceof Collection ? 256 : 24;
        }

        @Override
        public void write(WriteBuffer buff, Object value) {
            ByteBuf bytes = Unpooled.buffer(64);
            encode(value, bytes);
            buff.put(bytes.array(), bytes.arrayOffset(), bytes.readableBytes());
        }

        @Override
        public Object read(ByteBuffer buff) {
            ByteBuf in = Unpooled.wrappedBuffer(buff.slice());
            Object value = decode(in);
            buff.position(buff.position() + in.readerIndex());
            return value;
        }

        @Override
        public Object[] createStorage(int size) {
            return new Object[size];
        }
    }

    static int compareValues(Object a, Object b) {
        if (a == b) {
            return 0;
        }
        if (a instanceof KeyValue x && b instanceof KeyValue y) {
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                int c = compareValues(x.get(i), y.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(x.size(), y.size());
        }
        if (a == null || b == null) {
            return ValueType.ORDER.compare(a, b);
        }
        if (a.getClass() == b.getClass() && a instanceof Comparable && !(a instanceof Collection) && !(a instanceof Map)) {
            @SuppressWarnings("unchecked")
            Comparable<Object> comparable = (Comparable<Object>) a;
            return comparable.compareTo(b);
        }
        return ValueType.ORDER.compare(a, b);
    }

    private static void encode(Object value, ByteBuf out) {
        if (value instanceof Missing) {
            out.writeByte(MISSING);
        } else if (value instanceof KeyValue key) {
            out.writeByte(KEY);
            out.writeIntLE(key.size());
            for (Object part : key) {
                encode(part, out);
            }
        } else {
            byte type = BsonEncoder.determineType(value);
            out.writeByte(BSON);
            out.writeByte(type);
            BsonEncoder.encodeValue(type, value, out);
        }
    }

    private static Object decode(ByteBuf in) {
        byte tag = in.readByte();
        switch (tag) {
            case MISSING:
                return Missing.getInstance();
            case KEY:
                int size = in.readIntLE();
                List<Object> parts = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    parts.add(decode(in));
                }
                return new KeyValue(parts);
            case BSON:
                return BsonDecoder.decodeValue(in.readByte(), in);
            default:
                throw new IllegalStateException("unknown value tag " + tag + " in the embedded store");
        }
    }

}
