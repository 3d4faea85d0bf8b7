package io.arrears.infra.axon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Allocation;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Borrower;
import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import io.arrears.kernel.account.PenaltyBase;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.account.Terms;
import io.arrears.kernel.event.AccountEvent;
import io.arrears.kernel.event.AccountOpened;
import io.arrears.kernel.event.AccountResolved;
import io.arrears.kernel.event.AccrualSegment;
import io.arrears.kernel.event.ContactLogged;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.PenaltyAccrued;
import io.arrears.kernel.event.StageAdvanced;
import io.arrears.kernel.event.StageEscalated;
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

    private static final ObjectMapper STORED = SerializationConfiguration.storedFormMapper();
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
                new StageEscalated(ACCOUNT, Stage.EARLY, Stage.LEGAL, "refuses to pay"),
                new AccountResolved(ACCOUNT, Stage.EARLY, LocalDate.of(2026, 4, 1)),
                new ContactLogged(ACCOUNT, "C-1", ContactChannel.PHONE, ContactDirection.OUTBOUND,
                        ContactOutcome.CONVERSATION, Instant.parse("2026-03-12T02:30:00Z"), "agent-7",
                        "will pay Friday"));
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
        List<String> permitted = Arrays.stream(AccountEvent.class.getPermittedSubclasses()).map(Class::getName)
                .toList();
        assertThat(approved).containsExactlyInAnyOrderElementsOf(permitted);
    }

    private static JsonNode approved(Class<?> type) throws IOException {
        String name = "/approved-events/" + type.getSimpleName() + ".json";
        try (InputStream file = EventJsonApprovalTest.class.getResourceAsStream(name)) {
            assertThat(file).as("approved file " + name).isNotNull();
            return STORED.readTree(file);
        }
    }
}
