package io.arrears.infra.store.h2;

import de.bwaldvogel.mongo.bson.Document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The document an update by operators makes of a stored one, sharing with it everything the update
 * leaves as it was: a new top level, a new list where the update pushes, pulls or sets an element,
 * a new element where it sets a field. mongo-java-server's own way copies the whole document deeply
 * and compares it whole, which for a document that grows with an account's life (the report account)
 * costs the account's history on every event.
 *
 * <p>It takes the updates the projections and the account index send and leaves the rest to
 * mongo-java-server: {@code $set} of a top-level field or of {@code array.$.field} (the element the
 * selector names by an equal string), {@code $push} and {@code $addToSet} of a value or {@code $each}
 * of values onto a top-level array, {@code $pull} of the elements whose fields equal a document of
 * strings, {@code $max} of a top-level whole number, and {@code $setOnInsert}, which changes nothing
 * of a document that is there. Anything else (another operator, a dotted
 * path, {@code _id}, a field two operators touch, a value with {@code $} keys, a field that is not an
 * array where one must be) is {@link #of answered null}.
 */
final class UpdateOnCopies {

    private static final Set<String> OPERATORS = Set.of("$set", "$push", "$pull", "$addToSet", "$max", "$setOnInsert");

    private final Document updated;
    /** The lists and elements this update made, which it may change further. */
    private final Map<Object, Boolean> own = new IdentityHashMap<>();

    private UpdateOnCopies(Document stored) {
        this.updated = new Document(stored);
    }

    /**
     * What {@code update} makes of {@code stored}, a document {@code selector} matches; null when the
     * update is not one this class takes.
     */
    static Document of(Document stored, Document selector, Document update) {
        if (!takes(update)) {
            return null;
        }
        UpdateOnCopies copies = new UpdateOnCopies(stored);
        for (Map.Entry<String, Object> operation : update.entrySet()) {
            Document fields = (Document) operation.getValue();
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                boolean applied = switch (operation.getKey()) {
                    case "$set" -> copies.set(field.getKey(), field.getValue(), selector);
                    case "$push" -> copies.push(field.getKey(), field.getValue(), false);
                    case "$addToSet" -> copies.push(field.getKey(), field.getValue(), true);
                    case "$max" -> copies.max(field.getKey(), field.getValue());
                    // The document is there: nothing is inserted.
                    case "$setOnInsert" -> !field.getKey().contains(".");
                    default -> copies.pull(field.getKey(), field.getValue());
                };
                if (!applied) {
                    return null;
                }
            }
        }
        return copies.updated;
    }

    /** Whether the update holds only operators this class applies, each field of the document touched by one. */
    private static boolean takes(Document update) {
        if (update.isEmpty()) {
            return false;
        }
        Map<String, String> touchedBy = new HashMap<>();
        for (Map.Entry<String, Object> operation : update.entrySet()) {
            if (!OPERATORS.contains(operation.getKey()) || !(operation.getValue() instanceof Document fields)) {
                return false;
            }
            for (String path : fields.keySet()) {
                String field = FieldsRead.topLevel(path);
                String other = touchedBy.putIfAbsent(field, path);
                boolean bothPositional = other != null && other.contains(".") && path.contains(".")
                        && !other.equals(path);
                if (field.equals("_id") || field.startsWith("$") || other != null && !bothPositional) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean set(String path, Object value, Document selector) {
        if (!plain(value)) {
            return false;
        }
        String[] fragments = path.split("\\.");
        if (fragments.length == 1) {
            updated.put(path, value);
            return true;
        }
        if (fragments.length != 3 || !fragments[1].equals("$")) {
            return false;
        }
        List<Object> list = ownList(fragments[0]);
        int position = positionNamedBy(selector, fragments[0], list);
        if (position < 0) {
            return false;
        }
        Document element = (Document) list.get(position);
        if (!own.containsKey(element)) {
            element = new Document(element);
            own.put(element, true);
            list.set(position, element);
        }
        element.put(fragments[2], value);
        return true;
    }

    /** The first element of the array the selector names by {@code field.key: "value"}; -1 when it does not. */
    private static int positionNamedBy(Document selector, String field, List<Object> list) {
        if (list == null) {
            return -1;
        }
        String key = null;
        Object wanted = null;
        for (Map.Entry<String, Object> condition : selector.entrySet()) {
            if (condition.getKey().startsWith(field + ".")) {
                if (key != null) {
                    return -1;
                }
                key = condition.getKey().substring(field.length() + 1);
                wanted = condition.getValue();
            }
        }
        if (key == null || key.contains(".") || !(wanted instanceof String)) {
            return -1;
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Document element && wanted.equals(element.get(key))) {
                return i;
            }
        }
        return -1;
    }

    /** Raises a top-level whole number to {@code value}; other kinds of value are left to mongo-java-server. */
    private boolean max(String field, Object value) {
        Object current = updated.get(field);
        if (field.contains(".") || !whole(value) || current != null && !whole(current)) {
            return false;
        }
        if (current == null || ((Number) current).longValue() < ((Number) value).longValue()) {
            updated.put(field, value);
        }
        return true;
    }

    private static boolean whole(Object value) {
        return value instanceof Long || value instanceof Integer;
    }

    /** Appends the value, or {@code $each} of values; to a set, only those it does not hold yet. */
    private boolean push(String field, Object value, boolean toSet) {
        if (field.contains(".")) {
            return false;
        }
        List<?> values = pushed(value);
        if (values == null) {
            return false;
        }
        if (!updated.containsKey(field)) {
            updated.put(field, new ArrayList<>());
            own.put(updated.get(field), true);
        }
        List<Object> list = ownList(field);
        if (list == null) {
            return false;
        }
        for (Object each : values) {
            if (!toSet || !list.contains(each)) {
                list.add(each);
            }
        }
        return true;
    }

    /** The plain values a {@code $push} appends: its value, or {@code $each} of them; null for other modifiers. */
    static List<?> pushed(Object value) {
        List<?> values;
        if (value instanceof Document each && each.keySet().stream().anyMatch(key -> key.startsWith("$"))) {
            if (!each.keySet().equals(Set.of("$each")) || !(each.get("$each") instanceof List<?> many)) {
                return null;
            }
            values = many;
        } else {
            values = List.of(value);
        }
        return values.stream().allMatch(UpdateOnCopies::plain) ? values : null;
    }

    private boolean pull(String field, Object condition) {
        if (field.contains(".") || !(condition instanceof Document equalTo) || equalTo.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, Object> key : equalTo.entrySet()) {
            if (key.getKey().startsWith("$") || key.getKey().contains(".") || !(key.getValue() instanceof String)) {
                return false;
            }
        }
        if (!updated.containsKey(field)) {
            return true;
        }
        List<Object> list = ownList(field);
        if (list == null) {
            return false;
        }
        list.removeIf(element -> element instanceof Document document && equalTo.entrySet().stream()
                .allMatch(key -> key.getValue().equals(document.get(key.getKey()))));
        return true;
    }

    /** The list under {@code field}, copied the first time this update changes it; null if it is no list. */
    @SuppressWarnings("unchecked")
    private List<Object> ownList(String field) {
        if (!(updated.get(field) instanceof List<?> list)) {
            return null;
        }
        if (own.containsKey(list)) {
            return (List<Object>) list;
        }
        List<Object> copy = new ArrayList<>(list);
        own.put(copy, true);
        updated.put(field, copy);
        return copy;
    }

    /** A value stored as it is: none of its keys an operator. */
    private static boolean plain(Object value) {
        return !(value instanceof Document document)
                || document.keySet().stream().noneMatch(key -> key.startsWith("$"));
    }
}
