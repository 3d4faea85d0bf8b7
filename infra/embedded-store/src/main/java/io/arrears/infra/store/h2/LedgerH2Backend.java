package io.arrears.infra.store.h2;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.h2.mvstore.MVStore;

/** mongo-java-server's H2 backend with {@link LedgerH2Database}'s storage types. */
public final class LedgerH2Backend extends H2Backend {

    public LedgerH2Backend(MVStore store) {
        super(store);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new LedgerH2Database(databaseName, getMvStore(), getCursorRegistry());
    }
}
