package io.arrears.infra.durability;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.arrears.infra.audit.TamperCases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tamper cases on the store as a process of its own ({@code java -jar arrears.jar store}) on the
 * H2 file backend the ledger runs by default, as a DBA would reach a replica set: over the wire, from
 * another process. Each case gets a database of its own.
 */
class TamperIT extends TamperCases {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    @TempDir
    static Path work;
    private static LedgerProcess store;
    private static MongoClient client;

    @BeforeAll
    static void startTheStore() {
        store = LedgerProcess.store(work.resolve("store.log"), work.resolve("data"));
        client = MongoClients.create("mongodb://127.0.0.1:" + store.port);
    }

    @AfterAll
    static void stopTheStore() throws InterruptedException {
        client.close();
        store.close();
    }

    @Override
    protected MongoDatabase freshDatabase() {
        return client.getDatabase("tamper-" + DATABASES.incrementAndGet());
    }
}
