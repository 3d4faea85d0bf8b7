package io.arrears.infra.store.h2;

import java.util.Set;

/**
 * The embedded store's second file: collections that can be derived again from the others (for the
 * ledger, its projections and their tracking tokens), kept apart from the record so that the commit
 * before an acknowledged append writes only the record's pages.
 *
 * <p>This file is committed about once a second, every derived document together with whatever
 * says how far it got, so a crash takes both back to the same moment. The opener names the
 * collections, and every process that opens a data directory must name the same ones.
 *
 * @param collections the collections this file holds, in every database
 */
public record ViewsFile(Set<String> collections) {

    public static final String FILE_NAME = "arrears-views.mv";
    /** No collection in the views file: everything in the record (stores without derived data). */
    public static final ViewsFile NONE = new ViewsFile(Set.of());

    public ViewsFile {
        collections = Set.copyOf(collections);
    }

    public boolean holds(String collectionName) {
        return collections.contains(collectionName);
    }
}
