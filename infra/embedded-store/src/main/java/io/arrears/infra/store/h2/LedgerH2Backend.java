package io.arrears.infra.store.h2;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import de.bwaldvogel.mongo.exception.MongoServerException;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.stream.Stream;

/**
 * mongo-java-server's H2 backend on two file stores, the record and the views ({@link ViewsFile}),
 * with {@link LedgerH2Database}'s storage types.
 */
public final class LedgerH2Backend extends AbstractMongoBackend {

    private static final Logger log = LoggerFactory.getLogger(LedgerH2Backend.class);

    private final MVStore record;
    private final MVStore views;
    private final ViewsFile viewsFile;

    public LedgerH2Backend(MVStore record, MVStore views, ViewsFile viewsFile) {
        this.record = record;
        this.views = views;
        this.viewsFile = viewsFile;
        Stream.of(record, views).flatMap(store -> store.getMapNames().stream())
                .filter(name -> name.startsWith(LedgerH2Database.DATA_PREFIX))
                .map(name -> name.substring(LedgerH2Database.DATA_PREFIX.length()).split("\\.", 2)[0])
                .distinct()
                .forEach(databaseName -> {
                    try {
                        resolveDatabase(databaseName);
                    } catch (MongoServerException e) {
                        log.error("Failed to open database '{}'", databaseName, e);
                    }
                });
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new LedgerH2Database(databaseName, record, views, viewsFile, getCursorRegistry());
    }

    public MVStore record() {
        return record;
    }

    public MVStore views() {
        return views;
    }

    /** Closes the record first: closing commits, and the views must never hold more than the record. */
    @Override
    public void close() {
        super.close();
        record.close();
        views.close();
    }
}
