package io.arrears.infra.privacy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.arrears.kernel.account.Borrower;
import io.arrears.kernel.account.PersonalDataVault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** A borrower's key is made once, read back by every node, and an erased borrower's data stays erased. */
class MongoPersonalDataVaultTest {

    private static final Borrower LI_WEI = new Borrower("Li Wei", "+8613800000000", "li@example.com", "Hangzhou",
            "Asia/Shanghai");

    private MongoServer server;
    private MongoClient client;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private MongoPersonalDataVault vault;
    private MongoPersonalDataVault otherNode;

    @BeforeEach
    void setUp() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.bindAndGetConnectionString()))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        commands.add(event.getCommandName());
                    }
                }).build());
        vault = new MongoPersonalDataVault(client.getDatabase("vault-test"));
        otherNode = new MongoPersonalDataVault(client.getDatabase("vault-test"));
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void aNewBorrowersKeyIsStoredInOneRoundTripAndEveryNodeOpensWithIt() {
        Borrower sealed = vault.seal("B-77", LI_WEI);

        assertThat(commands).as("one insert of a fresh key").containsExactly("insert");
        assertThat(sealed.name()).startsWith(PersonalDataVault.SEALED_PREFIX);
        assertThat(otherNode.open("B-77", sealed)).isEqualTo(LI_WEI);
        assertThat(otherNode.open("B-77", otherNode.seal("B-77", LI_WEI))).isEqualTo(LI_WEI);
    }

    @Test
    void aKnownBorrowersNewAccountIsSealedWithTheKeyTheyHave() {
        Borrower first = vault.seal("B-77", LI_WEI);
        commands.clear();

        Borrower second = otherNode.seal("B-77", LI_WEI);

        assertThat(commands).as("the insert refused, one find").containsExactly("insert", "find");
        assertThat(vault.open("B-77", first)).isEqualTo(LI_WEI);
        assertThat(vault.open("B-77", second)).isEqualTo(LI_WEI);
    }

    @Test
    void anErasedBorrowersDataStaysErasedAndNewDataGetsAFreshKey() {
        Borrower before = vault.seal("B-77", LI_WEI);
        otherNode.erase("B-77");
        commands.clear();

        Borrower after = vault.seal("B-77", LI_WEI);

        assertThat(commands).as("the insert refused, one find, one replace of the erasure record")
                .containsExactly("insert", "find", "update");
        assertThat(otherNode.open("B-77", before).name()).isEqualTo(PersonalDataVault.ERASED);
        assertThat(otherNode.open("B-77", after)).isEqualTo(LI_WEI);
    }
}
