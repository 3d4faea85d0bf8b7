package io.arrears.infra.store.h2;

import de.bwaldvogel.mongo.bson.Document;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An update by operators as changes of a stored document's top-level fields ({@link FieldChange}),
 * made to its BSON by {@link DocumentBson#changed}: a {@code $push} onto a field nothing else in the
 * update touches appends to the stored array's bytes, unread; every other field the update touches
 * is read and changed as {@link UpdateOnCopies} changes it; the fields it does not touch are copied
 * as their bytes. A document that grows with an account's life costs an event what its changed
 * fields cost.
 */
final class UpdateByFields {

    private static final String ID = "_id";

    private UpdateByFields() {
    }

    /**
     * The top-level fields an update by operators changes, in its order: an {@link FieldChange.Append} for a
     * {@code $push} of plain values (or {@code $each} of them) onto a top-level field nothing else in
     * the update touches; for every other field touched, a null to be decided by {@link #applied},
     * and the field added to {@code read}. Null if the update holds something other than operators
     * with their fields.
     */
    static Map<String, FieldChange> of(Document update, Set<String> read) {
        Map<String, Integer> touches = new HashMap<>();
        for (Object fields : update.values()) {
            if (!(fields instanceof Document named)) {
                return null;
            }
            for (String path : named.keySet()) {
                touches.merge(FieldsRead.topLevel(path), 1, Integer::sum);
            }
        }
        Map<String, FieldChange> changes = new LinkedHashMap<>();
        for (Map.Entry<String, Object> operation : update.entrySet()) {
            for (Map.Entry<String, Object> field : ((Document) operation.getValue()).entrySet()) {
                String name = field.getKey();
                boolean alone = !name.contains(".") && touches.get(name) == 1 && !name.startsWith("$")
                        && !name.equals(ID);
                List<?> pushed = alone && operation.getKey().equals("$push")
                        ? UpdateOnCopies.pushed(field.getValue()) : null;
                if (pushed != null) {
                    changes.put(name, new FieldChange.Append(pushed));
                } else {
                    read.add(FieldsRead.topLevel(name));
                    changes.put(FieldsRead.topLevel(name), null);
                }
            }
        }
        return changes;
    }

    /**
     * The stored document's BSON with {@code changes} made: the appends as they are, every other field
     * the update touches as {@link UpdateOnCopies} leaves it in {@code stored}, the fields read of the
     * document. Null if {@code UpdateOnCopies} does not take the rest of the update, or the BSON cannot
     * be changed field by field.
     */
    static byte[] applied(byte[] storedBson, Document stored, Document selector, Document update,
                          Map<String, FieldChange> changes) {
        Document rest = new Document();
        for (Map.Entry<String, Object> operation : update.entrySet()) {
            Document fields = new Document();
            ((Document) operation.getValue()).forEach((name, value) -> {
                if (!(changes.get(name) instanceof FieldChange.Append)) {
                    fields.put(name, value);
                }
            });
            if (!fields.isEmpty()) {
                rest.put(operation.getKey(), fields);
            }
        }
        if (!rest.isEmpty()) {
            Document updated = UpdateOnCopies.of(stored, selector, rest);
            if (updated == null) {
                return null;
            }
            for (Map.Entry<String, FieldChange> change : changes.entrySet()) {
                if (change.getValue() == null) {
                    String field = change.getKey();
                    change.setValue(updated.containsKey(field)
                            ? new FieldChange.Put(updated.get(field)) : new FieldChange.Remove());
                }
            }
        }
        return DocumentBson.changed(storedBson, changes);
    }
}
