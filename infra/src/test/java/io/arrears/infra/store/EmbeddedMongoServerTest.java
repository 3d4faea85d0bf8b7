package io.arrears.infra.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EmbeddedMongoServerTest {

    @TempDir
    Path dataDir;

    @Test
    void theGroupCommitIsTheFileStoresOnlyCommitter() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.onDisk(dataDir)) {
            // H2's background auto-commit (every second by default) is off.
            assertThat(server.fileStore().getAutoCommitDelay()).isZero();
            assertThat(server.fileStore().getAutoCommitMemory()).isZero();
        }
    }

    @Test
    void writesNoAppendWaitsForReachTheFileAllTheSame() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.onDisk(dataDir);
             MongoClient client = MongoClients.create(server.connectionString())) {
            client.getDatabase("ledger").getCollection("token_entry").insertOne(new Document("_id", "processor"));

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !server.fileStore().hasUnsavedChanges());
        }
    }

    @Test
    void anAcknowledgedWriteIsSavedBeforeTheBarrierReturns() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.onDisk(dataDir);
             MongoClient client = MongoClients.create(server.connectionString())) {
            client.getDatabase("ledger").getCollection("event_commits").insertOne(new Document("_id", 0L));
            server.commitBarrier().awaitDurable();

            assertThat(server.fileStore().hasUnsavedChanges()).isFalse();
        }
    }
}
