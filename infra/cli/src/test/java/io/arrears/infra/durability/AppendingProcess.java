package io.arrears.infra.durability;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.arrears.infra.eventstore.MongoCommitEventStorageEngine;
import io.arrears.infra.serialization.SerializationConfiguration;
import io.arrears.infra.store.EmbeddedMongoServer;
import io.arrears.infra.store.h2.ViewsFile;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import io.arrears.kernel.event.ContactLogged;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.bson.Document;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The embedded H2 store and the event engine alone, as a process to kill: it writes only tokens for
 * a while (as idle processors do, so that the store has unsaved changes that no append made), then
 * appends one event a commit as fast as it can while a second thread goes on writing tokens, and
 * prints {@code ACK n} once the append of sequence n has returned, which is when the ledger would
 * answer.
 *
 * <p>{@code AppendingProcess DATA_DIR IDLE_MILLIS}
 */
public final class AppendingProcess {

    static final String ACCOUNT = "CRASH-1";
    static final String IDLE_DONE = "IDLE-DONE";
    static final String ACK = "ACK ";

    private AppendingProcess() {
    }

    public static void main(String[] args) {
        PrintStream out = System.out;
        EmbeddedMongoServer server = EmbeddedMongoServer.onDisk(Path.of(args[0]), ViewsFile.NONE);
        long idleNanos = Long.parseLong(args[1]) * 1_000_000L;
        MongoClient client = MongoClients.create(server.connectionString());
        MongoDatabase database = client.getDatabase("crash");
        MongoCommitEventStorageEngine engine = engine(database, server);
        long sequence = engine.readEvents(ACCOUNT).asStream().count();
        MongoCollection<Document> tokens = database.getCollection("token_entry");
        long writes = 0;
        long idleUntil = System.nanoTime() + idleNanos;
        while (System.nanoTime() < idleUntil) {
            writeToken(tokens, writes++);
        }
        out.println(IDLE_DONE);
        out.flush();
        Thread processors = new Thread(() -> {
            for (long write = 0; ; write++) {
                writeToken(tokens, write);
            }
        }, "processors");
        processors.setDaemon(true);
        processors.start();
        while (true) {
            engine.appendEvents(List.of(new GenericDomainEventMessage<>("CollectionAccount", ACCOUNT, sequence,
                    new ContactLogged(new AccountId(ACCOUNT), "C-" + sequence, ContactChannel.PHONE,
                            ContactDirection.OUTBOUND, ContactOutcome.NO_ANSWER, Instant.now(), "agent-1", null))));
            out.println(ACK + sequence);
            out.flush();
            sequence++;
        }
    }

    static MongoCommitEventStorageEngine engine(MongoDatabase database, EmbeddedMongoServer server) {
        return SerializationConfiguration.storedFormEngine(database, null, server::awaitDurable);
    }

    private static void writeToken(MongoCollection<Document> tokens, long write) {
        tokens.replaceOne(Filters.eq("_id", "processor-" + write % 4), new Document("_id", "processor-" + write % 4)
                .append("token", write).append("padding", "x".repeat(512)), new ReplaceOptions().upsert(true));
    }
}
