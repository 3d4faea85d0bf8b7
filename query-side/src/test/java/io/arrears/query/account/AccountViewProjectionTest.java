package io.arrears.query.account;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Borrower;
import io.arrears.kernel.account.PenaltyBase;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.account.Terms;
import io.arrears.kernel.event.AccountOpened;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.PenaltyAccrued;
import io.arrears.kernel.event.StageAdvanced;
import io.arrears.kernel.money.Money;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AccountViewProjectionTest {

    private static final AccountId ACCOUNT = new AccountId("HB-1");
    private static final LocalDate DUE = LocalDate.of(2026, 3, 1);

    private MongoServer server;
    private MongoClient client;
    private MongoDatabase database;
    private AccountViewProjection projection;

    @BeforeEach
    void setUp() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create(server.bindAndGetConnectionString());
        database = client.getDatabase("projection-test");
        projection = new AccountViewProjection(database);
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.shutdownNow();
    }

    private void applyHistory() {
        projection.on(new AccountOpened(ACCOUNT, "B-1", "HUABEI", "CNY", DUE, DUE,
                new Balance(1_000_000, 15_000, 2_000, 0, 0),
                new Terms(5, 3, PenaltyBase.PRINCIPAL_AND_INTEREST, 2400, Terms.DEFAULT_WATERFALL),
                new Borrower(null, null, null, null, "Asia/Shanghai"), Stage.PREPARATION, 0), 0, token(0));
        projection.on(new PenaltyAccrued(ACCOUNT, DUE.plusDays(1), DUE.plusDays(10), List.of(), 3_556, 3_556, 3_556),
                1, token(1));
        projection.on(new StageAdvanced(ACCOUNT, Stage.PREPARATION, Stage.EARLY, 10, DUE.plusDays(10)), 2, token(2));
        projection.on(new PaymentRecorded(ACCOUNT, "PAY-1", Money.parse("1000.00", "CNY"), DUE.plusDays(11), "ALIPAY",
                new Allocation(3_556, 2_000, 15_000, 79_444, 0), new Balance(920_556, 0, 0, 0, 0), false), 3,
                token(3));
    }

    private static GapAwareTrackingToken token(long position) {
        return GapAwareTrackingToken.newInstance(position, List.of());
    }

    private Document stored() {
        return database.getCollection(AccountViewProjection.COLLECTION).find().first();
    }

    @Test
    void buildsTheViewFromTheEvents() {
        applyHistory();

        AccountView view = AccountView.fromDocument(stored());
        assertThat(view.balance()).isEqualTo(new Balance(920_556, 0, 0, 0, 0));
        assertThat(view.stage()).isEqualTo(Stage.EARLY);
        assertThat(view.accruedThrough()).isEqualTo(DUE.plusDays(10));
        assertThat(view.lastPaymentDate()).isEqualTo(DUE.plusDays(11));
        assertThat(view.daysPastDue()).isEqualTo(10);
        assertThat(view.lastPosition()).isEqualTo(3);
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        applyHistory();
        Document before = stored();

        projection.on(new PenaltyAccrued(ACCOUNT, DUE.plusDays(1), DUE.plusDays(10), List.of(), 3_556, 3_556, 3_556),
                1, token(1));
        projection.on(new AccountOpened(ACCOUNT, "B-1", "HUABEI", "CNY", DUE, DUE, Balance.ZERO,
                new Terms(5, 3, PenaltyBase.PRINCIPAL_AND_INTEREST, 2400, Terms.DEFAULT_WATERFALL),
                new Borrower(null, null, null, null, "Asia/Shanghai"), Stage.PREPARATION, 0), 0, token(0));

        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void aRebuildFromZeroGivesTheSameDocument() {
        applyHistory();
        Document live = stored();

        projection.reset();
        assertThat(stored()).isNull();
        applyHistory();

        assertThat(stored()).isEqualTo(live);
    }
}
