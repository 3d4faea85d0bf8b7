package io.arrears.infra.eventstore;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.arrears.infra.store.EmbeddedMongoServer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static io.arrears.infra.eventstore.AccountIndex.SEQUENCES_PER_PAGE;
import static io.arrears.infra.eventstore.MongoCommitEventStorageEngineTest.event;
import static org.assertj.core.api.Assertions.assertThat;

class AccountIndexTest {

    private EmbeddedMongoServer server;
    private MongoClient client;
    private MongoDatabase database;
    private MongoCommitEventStorageEngine engine;
    private AccountIndex index;

    @BeforeEach
    void setUp() {
        server = EmbeddedMongoServer.inMemory();
        client = MongoClients.create(server.connectionString());
        database = client.getDatabase("index-test");
        engine = StoredFormEngines.engine(database, null);
        index = new AccountIndex(database);
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    /** 600 commits of one event, one of 300 (a correction) spanning pages, then 20 more of one. */
    private long appendALongLivedAccount(String accountId) {
        long sequence = 0;
        for (; sequence < 600; sequence++) {
            engine.appendEvents(List.of(event(accountId, sequence)));
        }
        List<DomainEventMessage<?>> correction = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            correction.add(event(accountId, sequence++));
        }
        engine.appendEvents(correction);
        for (int i = 0; i < 20; i++) {
            engine.appendEvents(List.of(event(accountId, sequence++)));
        }
        return sequence - 1;
    }

    private MongoCollection<Document> streams() {
        return database.getCollection(CommitSchema.STREAMS);
    }

    @Test
    void everyIndexDocumentStaysSmallWhateverTheAccountsLength() {
        long last = appendALongLivedAccount("A-1");

        Document head = streams().find(Filters.eq("_id", "A-1")).first();
        assertThat(head.getLong("lastSequence")).isEqualTo(last);
        assertThat(head).doesNotContainKey("commits");
        List<Document> pages = streams().find(Filters.regex("_id", "^A-1/")).into(new ArrayList<>());
        assertThat(pages).hasSize((int) (last / SEQUENCES_PER_PAGE + 1));
        assertThat(pages).allSatisfy(page -> assertThat(page.getList("commits", Document.class))
                .hasSizeLessThanOrEqualTo(SEQUENCES_PER_PAGE));
    }

    @Test
    void anAccountReadsBackFromAnySequence() {
        long last = appendALongLivedAccount("A-1");
        engine.appendEvents(List.of(event("A-2", 0)));
        Random random = new Random(7);
        for (int round = 0; round < 25; round++) {
            long from = round == 0 ? 0 : random.nextLong(last + 1);
            assertThat(engine.readEvents("A-1", from).asStream().map(DomainEventMessage::getSequenceNumber))
                    .as("from %d", from).containsExactlyElementsOf(LongStream.rangeClosed(from, last).boxed().toList());
        }
        assertThat(engine.readEvents("A-1", last + 1).asStream()).isEmpty();
        assertThat(engine.readEvents("A-3").asStream()).isEmpty();
    }

    @Test
    void aCommitSpanningPagesIsFoundFromEachOfThem() {
        appendALongLivedAccount("A-1");
        AccountIndex.Ref correction = index.covering("A-1", 600).orElseThrow();
        assertThat(correction.first()).isEqualTo(600);
        assertThat(correction.last()).isEqualTo(899);
        assertThat(index.covering("A-1", 700)).contains(correction);
        assertThat(index.covering("A-1", 899)).contains(correction);
        assertThat(index.covering("A-1", 99_999)).isEmpty();

        assertThat(index.lastAtOrBefore("A-1", correction.position())).contains(correction);
        assertThat(index.lastAtOrBefore("A-1", correction.position() - 1).orElseThrow().last()).isEqualTo(599);
        assertThat(index.lastAtOrBefore("A-1", Long.MAX_VALUE).orElseThrow().last()).isEqualTo(919);
        assertThat(index.lastAtOrBefore("A-1", -1)).isEmpty();
    }

    @Test
    void anIndexFromBeforePagesMovesToPagesOnStart() {
        long last = appendALongLivedAccount("A-1");
        List<Document> refs = new ArrayList<>();
        index.refs("A-1").forEach(ref -> refs.add(new Document("position", ref.position()).append("first", ref.first())
                .append("last", ref.last())));
        streams().deleteMany(new Document());
        streams().insertOne(new Document("_id", "A-1").append("commits", refs).append("lastSequence", last));

        MongoCommitEventStorageEngine restarted = StoredFormEngines.engine(database, null);

        assertThat(streams().find(Filters.eq("_id", "A-1")).first()).doesNotContainKey("commits");
        assertThat(restarted.readEvents("A-1").asStream().count()).isEqualTo(last + 1);
        assertThat(index.movePagelessHeads()).as("the second start has nothing to move").isZero();
    }
}
