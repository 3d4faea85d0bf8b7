package io.arrears.infra.eventstore;

import com.mongodb.client.MongoDatabase;

import java.time.Duration;

/** Engines on the stored form, as a tool opens the store: no upcasters, no commit barrier. */
final class StoredFormEngines {

    private StoredFormEngines() {
    }

    static MongoCommitEventStorageEngine engine(MongoDatabase database, AuditKeyring keyring) {
        MongoCommitEventStorageEngine engine = MongoCommitEventStorageEngine.builder()
                .database(database)
                .keyring(keyring)
                .gapTimeout(Duration.ofSeconds(5))
                .eventSerializer(StoredForm.serializer())
                .snapshotSerializer(StoredForm.serializer())
                .build();
        engine.ensureIndexes();
        return engine;
    }
}
