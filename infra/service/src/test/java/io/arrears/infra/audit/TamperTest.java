package io.arrears.infra.audit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.arrears.infra.store.EmbeddedMongoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The tamper cases on the embedded store as the ledger runs it by default: the H2 file backend. */
class TamperTest extends TamperCases {

    @TempDir
    Path dataDir;
    private EmbeddedMongoServer server;
    private MongoClient client;

    @Override
    protected MongoDatabase freshDatabase() {
        server = EmbeddedMongoServer.onDisk(dataDir);
        client = MongoClients.create(server.connectionString());
        return client.getDatabase("arrears");
    }

    @AfterEach
    void closeTheStore() {
        client.close();
        server.close();
    }
}
