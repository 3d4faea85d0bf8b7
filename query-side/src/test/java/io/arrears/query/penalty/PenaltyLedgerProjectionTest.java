package io.arrears.query.penalty;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Borrower;
import io.arrears.kernel.account.Component;
import io.arrears.kernel.account.PenaltyBase;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.account.Terms;
import io.arrears.kernel.event.AccountOpened;
import io.arrears.kernel.event.AccrualSegment;
import io.arrears.kernel.event.PaymentReallocated;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.PenaltyAccrued;
import io.arrears.kernel.event.PenaltyAdjusted;
import io.arrears.kernel.event.PenaltyCorrection;
import io.arrears.kernel.event.StageAdvanced;
import io.arrears.kernel.event.WaiverGranted;
import io.arrears.kernel.money.Money;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The backdated payment of LedgerCorrectionsTest as the penalty ledger explains it. */
class PenaltyLedgerProjectionTest {

    private static final AccountId ACCOUNT = new AccountId("HB-1");
    private static final LocalDate DUE = LocalDate.of(2026, 3, 1);

    private MongoServer server;
    private MongoClient client;
    private MongoDatabase database;
    private PenaltyLedgerProjection projection;
    private PenaltyLedger ledger;

    @BeforeEach
    void setUp() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create(server.bindAndGetConnectionString());
        database = client.getDatabase("projection-test");
        projection = new PenaltyLedgerProjection(database);
        ledger = new PenaltyLedger(database);
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.shutdownNow();
    }

    private static LocalDate march(int day) {
        return LocalDate.of(2026, 3, day);
    }

    private void applyHistory() {
        projection.on(new AccountOpened(ACCOUNT, "B-1", "HUABEI", "CNY", DUE, DUE,
                new Balance(1_000_000, 15_000, 2_000, 100, 0),
                new Terms(5, 3, PenaltyBase.PRINCIPAL_AND_INTEREST, 2400, Terms.DEFAULT_WATERFALL),
                new Borrower(null, null, null, null, "Asia/Shanghai"), Stage.PREPARATION, 0), 0, token(0));
        projection.on(new PenaltyAccrued(ACCOUNT, march(2), march(10), List.of(
                new AccrualSegment(march(5), march(10), 1_015_000, 5, 6, 508, 3_048)), 3_048, 3_148, 3_048), 1, token(1));
        projection.on(new StageAdvanced(ACCOUNT, Stage.PREPARATION, Stage.EARLY, 9, march(10)), 2);
        projection.on(new PaymentRecorded(ACCOUNT, "PAY-2", Money.parse("100.00", "CNY"), march(11), "ALIPAY",
                new Allocation(3_148, 2_000, 4_852, 0, 0), new Balance(1_000_000, 10_148, 0, 0, 0), false), 3,
                token(3));
        projection.on(new PaymentRecorded(ACCOUNT, "PAY-1", Money.parse("500.00", "CNY"), march(6), "ALIPAY",
                new Allocation(608, 2_000, 15_000, 32_392, 0), new Balance(959_928, 0, 0, 0, 0), false), 4, token(4));
        projection.on(new PaymentReallocated(ACCOUNT, "PAY-2", new Allocation(3_148, 2_000, 4_852, 0, 0),
                new Allocation(2_420, 0, 0, 7_580, 0), "PaymentRecorded:PAY-1"), 5, token(5));
        projection.on(new PenaltyAdjusted(ACCOUNT, "PaymentRecorded:PAY-1", List.of(
                new PenaltyCorrection(march(6), march(10), 5, 1_015_000, 2_540, 967_508, 2_420)), -120, 0, 2_928), 6,
                token(6));
        projection.on(new WaiverGranted(ACCOUNT, "W-1", Component.FEES, Money.parse("1.00", "CNY"), march(11),
                "fees are not penalty", new Balance(959_928, 0, 0, 0, 0)), 7, token(7));
    }

    private static GapAwareTrackingToken token(long position) {
        return GapAwareTrackingToken.newInstance(position, List.of());
    }

    private List<Document> stored() {
        return database.getCollection(PenaltyLedgerProjection.COLLECTION).find().into(new ArrayList<>());
    }

    @Test
    void everyCentOfThePenaltyAddsUpWithThePositionThatPostedIt() {
        applyHistory();

        PenaltyStatement statement = ledger.statement(ACCOUNT.value()).orElseThrow();
        assertThat(statement.openingMinor()).isEqualTo(100);
        assertThat(statement.accruedMinor()).isEqualTo(3_048);
        assertThat(statement.adjustedMinor()).isEqualTo(-120);
        assertThat(statement.paidMinor()).isEqualTo(608 + 2_420);
        assertThat(statement.waivedMinor()).isZero();
        assertThat(statement.balanceMinor()).isZero();
        assertThat(statement.payments().get(0).changes()).containsExactly(
                new PenaltyStatement.Change("PaymentRecorded:PAY-1", 3_148, 2_420, 5));
        assertThat(statement.adjustments().get(0).position()).isEqualTo(6);
        assertThat(statement.lastPosition()).isEqualTo(6);
        assertThat(ledger.contains(ACCOUNT.value(), 7)).isTrue();
        assertThat(ledger.contains(ACCOUNT.value(), 8)).isFalse();
    }

    @Test
    void aRedeliveredHistoryChangesNothing() {
        applyHistory();
        List<Document> once = stored();

        applyHistory();

        assertThat(stored()).isEqualTo(once);
    }

    @Test
    void aRebuildFromZeroGivesTheSameEntries() {
        applyHistory();
        List<Document> live = stored();

        projection.reset();
        applyHistory();

        assertThat(stored()).isEqualTo(live);
    }
}
