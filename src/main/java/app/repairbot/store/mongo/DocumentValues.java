package app.repairbot.store.mongo;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Reading the plain values of a stored document strictly (a field of another type is an error that
 * names what it found), and writing times as the driver stores them ({@link Date}).
 */
final class DocumentValues {
    private DocumentValues() {
    }

    static Date date(Instant i) {
        return i == null ? null : Date.from(i);
    }

    static Instant instant(Object o) {
        if (o == null) {
            return null;
        }
        return o instanceof Date date ? date.toInstant() : (Instant) o;
    }

    static long number(Object o) {
        if (!(o instanceof Number n)) {
            throw new IllegalArgumentException("expected a number, found " + o);
        }
        return n.longValue();
    }

    static String string(Object o) {
        if (!(o instanceof String s)) {
            throw new IllegalArgumentException("expected text, found " + (o == null ? "nothing" : o.getClass().getSimpleName()));
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    static Map<String, ?> map(Object o) {
        if (o == null) {
            return Map.of();
        }
        if (!(o instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("expected a document, found " + o.getClass().getSimpleName());
        }
        return (Map<String, ?>) o;
    }

    static List<?> list(Object o) {
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List<?> l)) {
            throw new IllegalArgumentException("expected a list, found " + o.getClass().getSimpleName());
        }
        return l;
    }
}
