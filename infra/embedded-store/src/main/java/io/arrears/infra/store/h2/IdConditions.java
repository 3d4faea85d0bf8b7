package io.arrears.infra.store.h2;

import de.bwaldvogel.mongo.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** What a find's condition on {@code _id} asks, where the {@code _id} index can answer it alone. */
final class IdConditions {

    private static final String ID = "_id";

    private IdConditions() {
    }

    /**
     * Whether the query asks only for an {@code _id} equal to a key, or to one of a list of keys: then
     * every document the {@code _id} index finds for it matches, and matching them again is not needed.
     * mongo-java-server matches each one against the whole query, comparing its {@code _id} with every
     * key of the list: 40,000 comparisons when the accrual run reads ahead the commits of a page of 200
     * accounts. Only strings and whole numbers are taken as keys, for which the index and the matcher
     * agree on equality; any other query is matched as before.
     */
    static boolean onlyKeys(Document query) {
        if (query.size() != 1) {
            return false;
        }
        Object condition = query.get(ID);
        if (condition instanceof Document operators) {
            return operators.size() == 1 && operators.get("$in") instanceof Collection<?> keys
                    && keys.stream().allMatch(IdConditions::isPlainKey);
        }
        return isPlainKey(condition);
    }

    /**
     * The condition {@code {_id: key}} or {@code {_id: {$in: keys}}} among those of a top-level
     * {@code $and}, as {@link #onlyKeys} takes keys; null if it has none. Every document the query
     * matches is one the {@code _id} index finds for it. The driver sends an {@code _id} with a further
     * condition so ({@code Filters.and}): a lease taken if it lapsed, a borrower's key replaced if it
     * was erased. mongo-java-server's {@code _id} index does not answer an {@code $and}, so each such
     * read or write matched every document of its collection.
     */
    static Document keysAmongAnd(Document query) {
        for (Document part : andConditions(query)) {
            if (onlyKeys(part)) {
                return part;
            }
        }
        return null;
    }

    private static boolean isPlainKey(Object value) {
        return value instanceof String || value instanceof Long || value instanceof Integer;
    }

    /** Whether the condition is a lower bound alone, from which a walk of the index in key order starts. */
    static boolean isLowerBound(Document condition) {
        return condition.size() == 1 && (condition.containsKey("$gt") || condition.containsKey("$gte"));
    }

    /**
     * Where a walk of the {@code _id} index in key order starts for {@code query}: the value of a lower
     * bound on {@code _id} alone, at its top level or in one of the conditions of a top-level
     * {@code $and}, which every match meets; else null, the first key. The driver sends a bound with a
     * further filter as {@code $and} ({@code Filters.and}): a page of the open accounts after the
     * last one of the page before. Walked from the first key, each page of the accrual run read every
     * account before it again: 25 million documents read for a run of 100,000 accounts.
     */
    static Object walkFrom(Document query) {
        if (query.get(ID) instanceof Document condition) {
            return lowerBound(condition);
        }
        for (Document part : andConditions(query)) {
            if (part.get(ID) instanceof Document condition && isLowerBound(condition)) {
                return lowerBound(condition);
            }
        }
        return null;
    }

    /** The conditions of the query's top-level {@code $and}, every one of which a match meets; none if it has none. */
    private static List<Document> andConditions(Document query) {
        if (!(query.get("$and") instanceof List<?> conditions)) {
            return List.of();
        }
        List<Document> parts = new ArrayList<>(conditions.size());
        for (Object each : conditions) {
            if (each instanceof Document part) {
                parts.add(part);
            }
        }
        return parts;
    }

    private static Object lowerBound(Document bound) {
        return bound.containsKey("$gt") ? bound.get("$gt") : bound.get("$gte");
    }
}
