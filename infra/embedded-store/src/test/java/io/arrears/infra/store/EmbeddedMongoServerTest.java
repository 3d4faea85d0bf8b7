package io.arrears.infra.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.arrears.infra.store.h2.KeptWriteBufferStore;
import io.arrears.infra.store.h2.ViewsFile;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class EmbeddedMongoServerTest {

    private static final ViewsFile VIEWS = new ViewsFile(Set.of("account_view", "trackingtokens"));

    @TempDir
    Path dataDir;

    @Test
    void theGroupCommitsAreTheFileStoresOnlyCommitters() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.onDisk(dataDir, VIEWS)) {
            // H2's background auto-commit (every second by default) is off.
            for (MVStore store : List.of(server.fileStore(), server.viewsStore())) {
                assertThat(store.getAutoCommitDelay()).isZero();
                assertThat(store.getAutoCommitMemory()).isZero();
            }
        }
    }

    /** Each file's store keeps its commits' write buffer, and its page cache is the small one measured. */
    @Test
    void eachFileKeepsItsWriteBufferAndASmallPageCache() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.onDisk(dataDir, VIEWS)) {
            for (MVStore store : List.of(server.fileStore(), server.viewsStore())) {
                assertThat(store.getFileStore()).isInstanceOf(KeptWriteBufferStore.class);
                assertThat(store.getCacheSize()).isEqualTo(EmbeddedMongoServer.PAGE_CACHE_MIB);
            }
        }
    }

    /**
     * H2's background thread, which would compact, is off: the committer compacts instead. A file
     * whose one big chunk holds mostly deleted documents has the live pages moved out of it and the
     * chunk's space freed; every document left survives a reopen.
     */
    @Test
    void theCommitterCompactsAFileWhoseChunksAreMostlyDead() {
        List<Document> kept = new ArrayList<>();
        try (EmbeddedMongoServer server = EmbeddedMongoServer.onDisk(dataDir, VIEWS);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MVStore record = server.fileStore();
            // A dead chunk is freed once no kept version needs it, rather than 45 s after it was written.
            record.setRetentionTime(0);
            MongoCollection<Document> runs = client.getDatabase("ledger").getCollection("accrual_runs");
            List<Document> written = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                written.add(new Document("_id", "R-%05d".formatted(i)).append("notes", "x".repeat(200)));
            }
            runs.insertMany(written);
            server.awaitDurable();
            long sizeWhenWritten = record.getFileStore().size();
            runs.deleteMany(Filters.not(Filters.regex("_id", "0$")));
            server.awaitDurable();
            written.stream().filter(document -> document.getString("_id").endsWith("0")).forEach(kept::add);
            assertThat(record.getFileStore().getChunksFillRate()).isLessThan(15);

            // Measured: 9-10 % live after the delete, 31-46 % once compacted (the last few small chunks
            // weigh in a file this small), and the file shrank from 1.69 to 0.52 MB within 12 ticks.
            // Without compacting it stays at 9-10 % and grows with every tick.
            for (int tick = 0; tick < 50 && (record.getFileStore().getChunksFillRate() < 25
                    || record.getFileStore().size() >= sizeWhenWritten / 2); tick++) {
                server.compact();
                runs.replaceOne(Filters.eq("_id", "tick"), new Document("_id", "tick").append("n", tick),
                        new ReplaceOptions().upsert(true));
                server.awaitDurable();
            }

            assertThat(record.getFileStore().getChunksFillRate()).isGreaterThanOrEqualTo(25);
            assertThat(record.getFileStore().size()).isLessThan(sizeWhenWritten / 2);
        }
        try (EmbeddedMongoServer reopened = EmbeddedMongoServer.onDisk(dataDir, VIEWS);
             MongoClient client = MongoClients.create(reopened.connectionString())) {
            assertThat(client.getDatabase("ledger").getCollection("accrual_runs").find(Filters.ne("_id", "tick"))
                    .sort(Sorts.ascending("_id")).into(new ArrayList<>())).isEqualTo(kept);
        }
    }

    @Test
    void writesNoAppendWaitsForReachTheFilesAllTheSame() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.onDisk(dataDir, VIEWS);
             MongoClient client = MongoClients.create(server.connectionString())) {
            client.getDatabase("ledger").getCollection("accrual_runs").insertOne(new Document("_id", "2026-12-01"));
            client.getDatabase("ledger").getCollection("trackingtokens").insertOne(new Document("_id", "processor"));

            await().atMost(Duration.ofSeconds(10)).until(() -> !server.fileStore().hasUnsavedChanges()
                    && !server.viewsStore().hasUnsavedChanges());
        }
    }

    /** An append's commit writes the record only; the projections' pages wait for the views' own commit. */
    @Test
    void theViewsLiveInAFileOfTheirOwnThatAnAppendsCommitLeavesAlone() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.onDisk(dataDir, VIEWS);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase ledger = client.getDatabase("ledger");
            ledger.getCollection("account_view").insertOne(new Document("_id", "A-1"));
            ledger.getCollection("event_commits").insertOne(new Document("_id", 0L));
            ledger.getCollection("trackingtokens").insertOne(new Document("_id", "account-view"));
            server.awaitDurable();

            assertThat(server.fileStore().hasUnsavedChanges()).isFalse();
            assertThat(server.viewsStore().hasUnsavedChanges()).isTrue();
            assertThat(server.viewsStore().getMapNames()).contains("databases.ledger.account_view")
                    .doesNotContain("databases.ledger.event_commits");
            assertThat(server.fileStore().getMapNames()).contains("databases.ledger.event_commits")
                    .doesNotContain("databases.ledger.account_view");
        }
        try (EmbeddedMongoServer reopened = EmbeddedMongoServer.onDisk(dataDir, VIEWS);
             MongoClient client = MongoClients.create(reopened.connectionString())) {
            MongoDatabase ledger = client.getDatabase("ledger");
            assertThat(ledger.getCollection("account_view").countDocuments()).isEqualTo(1);
            assertThat(ledger.getCollection("event_commits").countDocuments()).isEqualTo(1);

            ledger.getCollection("account_view").drop();
            assertThat(reopened.viewsStore().getMapNames()).noneMatch(name -> name.contains("account_view"));
            ledger.drop();
            assertThat(reopened.viewsStore().getMapNames()).noneMatch(name -> name.contains("ledger."));
            assertThat(reopened.fileStore().getMapNames()).noneMatch(name -> name.contains("ledger."));
        }
    }

    /**
     * A store written before the views had a file of their own kept them in the record: they are
     * dropped there, and their projections, finding no token, derive them again.
     */
    @Test
    void viewsAStoreKeptInItsRecordAreDroppedFromIt() {
        H2Backend stock = new H2Backend(dataDir.resolve(EmbeddedMongoServer.FILE_NAME).toString());
        MongoServer single = new MongoServer(stock);
        InetSocketAddress address = single.bind();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
            MongoDatabase ledger = client.getDatabase("ledger");
            ledger.getCollection("account_view").createIndex(Indexes.ascending("status"),
                    new IndexOptions().unique(true));
            ledger.getCollection("account_view").insertOne(new Document("_id", "A-1").append("status", "OPEN"));
            ledger.getCollection("trackingtokens").insertOne(new Document("_id", "account-view"));
            ledger.getCollection("event_commits").insertOne(new Document("_id", 0L));
        } finally {
            single.shutdownNow();
            stock.close();
        }

        try (EmbeddedMongoServer server = EmbeddedMongoServer.onDisk(dataDir, VIEWS);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase ledger = client.getDatabase("ledger");
            assertThat(ledger.getCollection("event_commits").countDocuments()).isEqualTo(1);
            assertThat(ledger.getCollection("account_view").countDocuments()).isZero();
            assertThat(ledger.getCollection("trackingtokens").countDocuments()).isZero();
            assertThat(server.fileStore().getMapNames()).noneMatch(name -> name.contains("account_view")
                    || name.contains("trackingtokens"));
            // Its unique index is there again, in the views, for the documents derived anew.
            ledger.getCollection("account_view").insertOne(new Document("_id", "A-1").append("status", "OPEN"));
            assertThatThrownBy(() -> ledger.getCollection("account_view")
                    .insertOne(new Document("_id", "A-2").append("status", "OPEN")))
                    .isInstanceOf(MongoWriteException.class);
        }
    }

    @Test
    void anAcknowledgedWriteIsSavedBeforeTheBarrierReturns() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.onDisk(dataDir, VIEWS);
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
        try (EmbeddedMongoServer server = EmbeddedMongoServer.onDisk(dataDir, VIEWS);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> views = client.getDatabase("ledger").getCollection("event_streams");
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
