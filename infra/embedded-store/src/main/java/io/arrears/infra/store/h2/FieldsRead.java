package io.arrears.infra.store.h2;

import de.bwaldvogel.mongo.bson.Document;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which top-level fields of a stored document a find, a selector or an index reads: all a read must
 * decode of the document's BSON ({@link DocumentBson#fields}). Null where that cannot be told from
 * the names alone (an expression, an exclusion), and the whole document is decoded.
 */
final class FieldsRead {

    private static final String ID = "_id";

    private FieldsRead() {
    }

    /**
     * The top-level fields a query must read of each document: null for all of them, unless the
     * projection only includes fields (and perhaps leaves out {@code _id}) and the query and the order
     * name fields, not expressions.
     */
    static Set<String> ofFind(Document query, Document orderBy, Document fieldSelector) {
        if (fieldSelector == null || fieldSelector.isEmpty()) {
            return null;
        }
        Set<String> fields = new HashSet<>();
        fields.add(ID);
        boolean includes = false;
        for (Map.Entry<String, Object> field : fieldSelector.entrySet()) {
            Object value = field.getValue();
            // Included: true or a whole number not 0; anything else (an operator, a double) reads everything.
            boolean whole = value instanceof Integer || value instanceof Long;
            boolean included = Boolean.TRUE.equals(value) || whole && ((Number) value).longValue() != 0;
            boolean excluded = Boolean.FALSE.equals(value) || whole && ((Number) value).longValue() == 0;
            if (!included && !(excluded && field.getKey().equals(ID))) {
                return null;
            }
            includes |= included;
            fields.add(topLevel(field.getKey()));
        }
        if (!includes) {
            // {_id: 0} alone leaves out only the _id.
            return null;
        }
        if (orderBy != null) {
            for (String key : orderBy.keySet()) {
                if (key.startsWith("$")) {
                    return null;
                }
                fields.add(topLevel(key));
            }
        }
        return ofQuery(query, fields);
    }

    /**
     * {@code into} with the top-level fields {@code query} reads added; null if it may read others
     * (an operator other than {@code $and}, {@code $or} and {@code $nor} at its top level).
     */
    static Set<String> ofQuery(Document query, Set<String> into) {
        for (Map.Entry<String, Object> condition : query.entrySet()) {
            String key = condition.getKey();
            if (key.equals("$and") || key.equals("$or") || key.equals("$nor")) {
                if (!(condition.getValue() instanceof List<?> all)) {
                    return null;
                }
                for (Object each : all) {
                    if (!(each instanceof Document part) || ofQuery(part, into) == null) {
                        return null;
                    }
                }
            } else if (key.startsWith("$")) {
                return null;
            } else {
                into.add(topLevel(key));
            }
        }
        return into;
    }

    /** The first name of a dotted path: the top-level field it is read from. */
    static String topLevel(String path) {
        int dot = path.indexOf('.');
        return dot < 0 ? path : path.substring(0, dot);
    }
}
