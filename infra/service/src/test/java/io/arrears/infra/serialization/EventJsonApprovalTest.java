package io.arrears.infra.serialization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.arrears.infra.eventstore.StoredForm;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Borrower;
import io.arrears.kernel.account.Component;
import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import io.arrears.kernel.account.DisputeOutcome;
import io.arrears.kernel.account.PenaltyBase;
import io.arrears.kernel.account.PlanInstalment;
import io.arrears.kernel.account.PlanKind;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.account.Terms;
import io.arrears.kernel.event.AccountEvent;
import io.arrears.kernel.event.AccountOpened;
import io.arrears.kernel.event.AccountReopened;
import io.arrears.kernel.event.AccountResolved;
import io.arrears.kernel.event.AccountWrittenOff;
import io.arrears.kernel.event.AccrualSegment;
import io.arrears.kernel.event.BorrowerDataErased;
import io.arrears.kernel.event.CeaseContactRequested;
import io.arrears.kernel.event.ContactLogged;
import io.arrears.kernel.event.ContactPolicyBreached;
import io.arrears.kernel.event.DisputeRaised;
import io.arrears.kernel.event.DisputeResolved;
import io.arrears.kernel.event.InstalmentKept;
import io.arrears.kernel.event.InstalmentMissed;
import io.arrears.kernel.event.LegalActionTaken;
import io.arrears.kernel.event.PaymentReallocated;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.PaymentReversed;
import io.arrears.kernel.event.PenaltyAccrued;
import io.arrears.kernel.event.PenaltyAdjusted;
import io.arrears.kernel.event.PenaltyCorrection;
import io.arrears.kernel.event.PlanAgreed;
import io.arrears.kernel.event.PlanBroken;
import io.arrears.kernel.event.PlanCompleted;
import io.arrears.kernel.event.PromiseBroken;
import io.arrears.kernel.event.PromiseKept;
import io.arrears.kernel.event.PromiseRecorded;
import io.arrears.kernel.event.ReportedToCreditBureau;
import io.arrears.kernel.event.StageAdvanced;
import io.arrears.kernel.event.StageEscalated;
import io.arrears.kernel.event.WaiverAdjusted;
import io.arrears.kernel.event.WaiverGranted;
import io.arrears.kernel.money.Money;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events are a frozen contract: each event's stored JSON, from fixed data, must equal the approved
 * file in {@code approved-events/}, and the approved JSON must read back as the same event. A
 * failure here means a change needs a new {@code @Revision} and an upcaster, not a new file.
 */
class EventJsonApprovalTest {

    private static final ObjectMapper STORED = StoredForm.mapper();
    private static final AccountId ACCOUNT = new AccountId("HB-000123");
    private static final LocalDate DUE = LocalDate.of(2026, 3, 1);

    static Stream<AccountEvent> events() {
        return Stream.of(
                new AccountOpened(ACCOUNT, "B-77", "HUABEI", "CNY", DUE, DUE, new Balance(1_000_000, 15_000, 2_000, 0, 0),
                        new Terms(5, 3, PenaltyBase.PRINCIPAL_AND_INTEREST, 2400, Terms.DEFAULT_WATERFALL),
                        new Borrower("Li Wei", "+8613800000000", "li@example.com", "Hangzhou", "Asia/Shanghai"),
                        Stage.PREPARATION, 0),
                new PaymentRecorded(ACCOUNT, "PAY-1", Money.parse("1000.00", "CNY"), LocalDate.of(2026, 3, 12),
                        "ALIPAY", new Allocation(3_556, 2_000, 15_000, 79_444, 0), new Balance(920_556, 0, 0, 0, 0),
                        false),
                new PenaltyAccrued(ACCOUNT, LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 10), List.of(
                        new AccrualSegment(LocalDate.of(2026, 3, 5), LocalDate.of(2026, 3, 10), 1_015_000, 5, 6, 508,
                                3_048)), 3_048, 3_048, 3_048),
                new StageAdvanced(ACCOUNT, Stage.PREPARATION, Stage.EARLY, 9, LocalDate.of(2026, 3, 10)),
                new StageEscalated(ACCOUNT, Stage.EARLY, Stage.LEGAL, "refuses to pay", false),
                new AccountResolved(ACCOUNT, Stage.EARLY, LocalDate.of(2026, 4, 1)),
                new ContactLogged(ACCOUNT, "C-1", ContactChannel.PHONE, ContactDirection.OUTBOUND,
                        ContactOutcome.CONVERSATION, Instant.parse("2026-03-12T02:30:00Z"), "agent-7",
                        "will pay Friday"),
                new PaymentReversed(ACCOUNT, "PAY-1", Money.parse("1000.00", "CNY"), LocalDate.of(2026, 3, 12),
                        "chargeback", new Allocation(3_556, 2_000, 15_000, 79_444, 0),
                        new Balance(1_000_000, 15_000, 2_000, 5_588, 0)),
                new PaymentReallocated(ACCOUNT, "PAY-2", new Allocation(3_048, 2_000, 4_952, 0, 0),
                        new Allocation(2_420, 0, 0, 7_580, 0), "PaymentRecorded:PAY-1"),
                new PenaltyAdjusted(ACCOUNT, "PaymentRecorded:PAY-1", List.of(new PenaltyCorrection(
                        LocalDate.of(2026, 3, 6), LocalDate.of(2026, 3, 10), 5, 1_015_000, 2_540, 967_508, 2_420)),
                        -120, 0, 2_928),
                new WaiverGranted(ACCOUNT, "W-1", Component.PENALTY, Money.parse("25.40", "CNY"),
                        LocalDate.of(2026, 3, 10), "goodwill", new Balance(1_000_000, 15_000, 2_000, 508, 0)),
                new WaiverAdjusted(ACCOUNT, "W-1", Component.PENALTY, 2_540, 1_016, "PaymentRecorded:PAY-3"),
                new DisputeRaised(ACCOUNT, "D-1", LocalDate.of(2026, 3, 8), "not my debt",
                        new Balance(1_000_000, 15_000, 2_000, 1_524, 0)),
                new DisputeResolved(ACCOUNT, "D-1", LocalDate.of(2026, 3, 12), DisputeOutcome.REJECTED,
                        new Balance(1_000_000, 15_000, 2_000, 1_524, 0)),
                new AccountWrittenOff(ACCOUNT, LocalDate.of(2026, 3, 8), "uncollectable", Stage.EARLY,
                        new Balance(1_000_000, 15_000, 2_000, 1_524, 0), new Balance(1_000_000, 15_000, 2_000, 1_524, 0)),
                new AccountReopened(ACCOUNT, Stage.EARLY, 12, "PaymentReversed:PAY-1"),
                new ContactPolicyBreached(ACCOUNT, "C-2", "contact.hours", "DEFAULT", "1", ContactChannel.PHONE,
                        Instant.parse("2026-03-12T14:30:00Z"), "agent-7"),
                new CeaseContactRequested(ACCOUNT, Instant.parse("2026-03-13T01:00:00Z"),
                        "borrower asked in writing"),
                new PromiseRecorded(ACCOUNT, "PTP-1", Money.parse("500.00", "CNY"), LocalDate.of(2026, 3, 20),
                        LocalDate.of(2026, 3, 12)),
                new PromiseKept(ACCOUNT, "PTP-1", LocalDate.of(2026, 3, 18), 50_000),
                new PromiseBroken(ACCOUNT, "PTP-2", LocalDate.of(2026, 3, 20), 20_000),
                new PlanAgreed(ACCOUNT, "PLAN-1", PlanKind.INSTALMENTS, List.of(
                        new PlanInstalment(LocalDate.of(2026, 4, 10), 300_000),
                        new PlanInstalment(LocalDate.of(2026, 5, 10), 300_000)), 7, LocalDate.of(2026, 3, 25)),
                new InstalmentKept(ACCOUNT, "PLAN-1", 0, LocalDate.of(2026, 4, 12), true),
                new InstalmentMissed(ACCOUNT, "PLAN-1", 1, LocalDate.of(2026, 5, 10)),
                new PlanBroken(ACCOUNT, "PLAN-1", 1, LocalDate.of(2026, 5, 17)),
                new PlanCompleted(ACCOUNT, "PLAN-2"),
                new ReportedToCreditBureau(ACCOUNT, "PBOC", "CR-2026-1", Stage.LATE, 917_000),
                new LegalActionTaken(ACCOUNT, "HZ-2026-0042", "CLAIM_FILED",
                        "claim filed at the Hangzhou Internet Court"),
                new BorrowerDataErased(ACCOUNT, "B-77", "erasure request under PIPL art. 47"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void theStoredJsonIsTheApprovedOne(AccountEvent event) throws IOException {
        JsonNode approved = approved(event.getClass());

        // Compared as text: field order and number forms are part of the contract too.
        assertThat(STORED.writeValueAsString(event)).isEqualTo(STORED.writeValueAsString(approved));
        assertThat(STORED.treeToValue(approved, event.getClass())).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void everyEventIsRevisioned(AccountEvent event) {
        assertThat(event.getClass().getAnnotation(Revision.class)).isNotNull();
    }

    @org.junit.jupiter.api.Test
    void everyEventTypeIsApproved() {
        List<String> approved = events().map(event -> event.getClass().getName()).toList();
        List<String> permitted = eventTypes(AccountEvent.class).map(Class::getName).toList();
        assertThat(approved).containsExactlyInAnyOrderElementsOf(permitted);
    }

    /** The event records under a sealed interface, through the sealed interfaces between. */
    private static Stream<Class<?>> eventTypes(Class<?> type) {
        return type.isSealed() ? Arrays.stream(type.getPermittedSubclasses()).flatMap(EventJsonApprovalTest::eventTypes)
                : Stream.of(type);
    }

    private static JsonNode approved(Class<?> type) throws IOException {
        String name = "/approved-events/" + type.getSimpleName() + ".json";
        try (InputStream file = EventJsonApprovalTest.class.getResourceAsStream(name)) {
            assertThat(file).as("approved file " + name).isNotNull();
            return STORED.readTree(file);
        }
    }
}
