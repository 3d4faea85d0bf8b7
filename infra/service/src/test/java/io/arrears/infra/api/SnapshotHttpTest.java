package io.arrears.infra.api;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.arrears.command.account.CollectionAccount;
import io.arrears.infra.ArrearsApplication;
import io.arrears.infra.eventstore.AuditKeyring;
import io.arrears.infra.eventstore.CommitSchema;
import io.arrears.infra.eventstore.SnapshotMacs;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;

import static io.arrears.infra.api.HttpLedger.COLLECTOR;
import static io.arrears.infra.api.HttpLedger.SERVICE;
import static io.arrears.infra.api.HttpLedger.WORKED_EXAMPLE_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Accounts are loaded from their snapshots when no account is cached (as on a node that just
 * started), and a snapshot of another revision of the account's shape is never loaded: the account
 * is replayed from its events instead. The same context as LedgerHttpTest's, which runs uncached too.
 */
@SpringBootTest(classes = ArrearsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"arrears.store.embedded-backend=memory", "axoniq.update-checker.disabled=true",
                "arrears.accounts.cached-max=0"})
class SnapshotHttpTest {

    static final String ACCOUNT = "SNAP-1";

    @LocalServerPort
    int port;
    @Autowired
    MongoDatabase database;
    @Autowired
    AuditKeyring keyring;

    @Test
    void aSnapshotIsLoadedAndOneOfAnotherRevisionIsReplayedInstead() {
        HttpLedger ledger = new HttpLedger("http://127.0.0.1:" + port);
        assertThat(ledger.post("/api/v1/accounts", SERVICE, WORKED_EXAMPLE_ACCOUNT.formatted(ACCOUNT)).status())
                .isEqualTo(201);
        for (int i = 0; i < 110; i++) {
            assertThat(ledger.post("/api/v1/accounts/" + ACCOUNT + "/contacts", COLLECTOR, contact("C-" + i))
                    .status()).isEqualTo(201);
        }
        MongoCollection<Document> snapshots = database.getCollection(CommitSchema.SNAPSHOTS);
        await().atMost(Duration.ofSeconds(10)).until(() -> snapshots.find(new Document("_id", ACCOUNT)).first() != null);
        Document snapshot = snapshots.find(new Document("_id", ACCOUNT)).first();
        assertThat(snapshot.getString(CommitSchema.REVISION)).isEqualTo(CollectionAccount.SNAPSHOT_REVISION);
        assertThat(snapshot.get(CommitSchema.PAYLOAD, Document.class)).as("a cache, not the account's state")
                .containsKey("ledger").doesNotContainKey("computation");

        // Loaded from the snapshot: the retry is answered as the first time, the ledger is the posted one.
        assertThat(ledger.post("/api/v1/accounts/" + ACCOUNT + "/contacts", COLLECTOR, contact("C-0")).status())
                .isEqualTo(200);
        HttpLedger.Response paid = pay(ledger, "PAY-1");
        assertThat(paid.status()).as(paid.body().toString()).isEqualTo(201);
        assertThat(paid.body().at("/allocation/penalty").asText()).isEqualTo("35.56");

        // A snapshot that says the account is in dollars, MACed as the ledger would: it is what commands decide on.
        resealed(snapshots, snapshot, CollectionAccount.SNAPSHOT_REVISION);
        HttpLedger.Response refused = pay(ledger, "PAY-2");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().toString()).contains("must be the account currency USD");

        // The same snapshot as another revision's: never loaded, the account is replayed and is in yuan.
        resealed(snapshots, snapshot, "4");
        HttpLedger.Response replayed = pay(ledger, "PAY-2");
        assertThat(replayed.status()).as(replayed.body().toString()).isEqualTo(201);
    }

    private static HttpLedger.Response pay(HttpLedger ledger, String paymentId) {
        return ledger.post("/api/v1/accounts/" + ACCOUNT + "/payments", SERVICE, """
                {"paymentId":"%s","amount":"1000.00","currency":"CNY","valueDate":"2026-03-12","channel":"ALIPAY"}"""
                .formatted(paymentId));
    }

    /** Puts {@code snapshot} back with the account's currency changed to USD, as {@code revision}, under a valid MAC. */
    private void resealed(MongoCollection<Document> snapshots, Document snapshot, String revision) {
        Document forged = new Document(snapshot);
        forged.put(CommitSchema.PAYLOAD, new Document(snapshot.get(CommitSchema.PAYLOAD, Document.class))
                .append("currency", "USD"));
        forged.put(CommitSchema.REVISION, revision);
        forged.put(CommitSchema.MAC, SnapshotMacs.of(keyring, forged.getString(CommitSchema.KEY_ID), forged));
        snapshots.replaceOne(new Document("_id", ACCOUNT), forged);
    }

    private static String contact(String contactId) {
        return "{\"contactId\":\"" + contactId + "\",\"channel\":\"SMS\",\"direction\":\"OUTBOUND\","
                + "\"outcome\":\"DELIVERED\",\"occurredAt\":\"2026-03-12T02:30:00Z\",\"agentId\":\"agent-7\"}";
    }
}
