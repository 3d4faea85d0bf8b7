package io.arrears.infra.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

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
            server.awaitDurable();

            assertThat(server.fileStore().hasUnsavedChanges()).isFalse();
        }
    }

    /**
     * mongo-java-server updates a stored document in place; the file store serializes unsaved pages
     * on whichever thread commits. A commit must never see a document half-updated.
     */
    @Test
    void commitsWhileADocumentIsUpdatedNeverSeeItHalfWritten() throws Exception {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.onDisk(dataDir);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> views = client.getDatabase("ledger").getCollection("account_view");
            Document wide = new Document("_id", "A-1");
            for (int field = 0; field < 200; field++) {
                wide.append("field" + field, field);
            }
            views.insertOne(wide);
            AtomicBoolean updating = new AtomicBoolean(true);
            Thread committer = new Thread(() -> {
                while (updating.get()) {
                    server.awaitDurable();
                }
            });
            committer.start();
            try {
                for (int round = 0; round < 2_000; round++) {
                    Document changed = new Document("round", round);
                    for (int field = round % 2; field < 200; field += 2) {
                        changed.append("field" + field, round);
                    }
                    views.replaceOne(Filters.eq("_id", "A-1"), changed);
                }
            } finally {
                updating.set(false);
                committer.join();
            }
            server.awaitDurable();

            assertThat(views.find().first()).containsEntry("round", 1_999);
        }
    }
}
