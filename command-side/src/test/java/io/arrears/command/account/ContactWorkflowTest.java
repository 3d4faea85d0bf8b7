package io.arrears.command.account;

import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import io.arrears.kernel.command.CheckContactPermission;
import io.arrears.kernel.command.EraseBorrowerData;
import io.arrears.kernel.command.LogContact;
import io.arrears.kernel.command.RequestCeaseContact;
import io.arrears.kernel.event.BorrowerDataErased;
import io.arrears.kernel.event.CeaseContactRequested;
import io.arrears.kernel.event.ContactLogged;
import io.arrears.kernel.event.ContactPolicyBreached;
import io.arrears.kernel.event.DisputeRaised;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static io.arrears.command.account.AccountFixtures.ACCOUNT;
import static io.arrears.command.account.AccountFixtures.accountOpened;

/** Contacts are always recorded; the rules they broke follow as events naming rule and preset. */
class ContactWorkflowTest {

    private static final Instant LATE_EVENING = Instant.parse("2026-03-12T14:30:00Z"); // 22:30 in Shanghai
    private static final Instant MORNING = Instant.parse("2026-03-12T02:30:00Z"); // 10:30 in Shanghai
    private FixtureConfiguration<CollectionAccount> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CollectionAccount.class);
        fixture.registerInjectableResource(LedgerClock.fixed(LocalDate.of(2026, 6, 1), ZoneId.of("Asia/Shanghai")));
        fixture.registerInjectableResource(new ContactPolicy(ContactPreset.DEFAULT));
        fixture.registerInjectableResource(BorrowerContacts.NONE);
        fixture.registerInjectableResource(new RecordingVault());
        fixture.registerInjectableResource(WorkflowPolicy.DEFAULT);
    }

    private static LogContact call(String id, Instant at) {
        return new LogContact(ACCOUNT, id, ContactChannel.PHONE, ContactDirection.OUTBOUND, ContactOutcome.NO_ANSWER,
                at, "agent-7", null);
    }

    private static ContactLogged called(String id, Instant at) {
        return new ContactLogged(ACCOUNT, id, ContactChannel.PHONE, ContactDirection.OUTBOUND,
                ContactOutcome.NO_ANSWER, at, "agent-7", null);
    }

    @Test
    void aCallAtNightIsRecordedTogetherWithTheBreachOfTheHoursRule() {
        fixture.given(accountOpened())
                .when(call("C-1", LATE_EVENING))
                .expectEvents(called("C-1", LATE_EVENING), new ContactPolicyBreached(ACCOUNT, "C-1", "contact.hours",
                        "DEFAULT", "1", ContactChannel.PHONE, LATE_EVENING, "agent-7"))
                .expectResultMessagePayloadMatching(org.hamcrest.Matchers.hasToString(
                        org.hamcrest.Matchers.containsString("breaches=[contact.hours]")));
    }

    @Test
    void aLawfulCallIsRecordedAlone() {
        fixture.given(accountOpened())
                .when(call("C-1", MORNING))
                .expectEvents(called("C-1", MORNING));
    }

    @Test
    void afterACeaseRequestACallBreachesItAndALetterDoesNot() {
        CeaseContactRequested cease = new CeaseContactRequested(ACCOUNT, Instant.parse("2026-03-11T02:00:00Z"),
                "borrower wrote asking us to stop calling");
        fixture.given(accountOpened(), cease)
                .when(call("C-1", MORNING))
                .expectEvents(called("C-1", MORNING), new ContactPolicyBreached(ACCOUNT, "C-1",
                        "contact.cease-requested", "DEFAULT", "1", ContactChannel.PHONE, MORNING, "agent-7"));
        fixture.given(accountOpened(), cease)
                .when(new LogContact(ACCOUNT, "L-1", ContactChannel.LETTER, ContactDirection.OUTBOUND,
                        ContactOutcome.DELIVERED, MORNING, "agent-7", null))
                .expectEvents(new ContactLogged(ACCOUNT, "L-1", ContactChannel.LETTER, ContactDirection.OUTBOUND,
                        ContactOutcome.DELIVERED, MORNING, "agent-7", null));
    }

    @Test
    void aCeaseRequestIsRecordedOnce() {
        RequestCeaseContact request = new RequestCeaseContact(ACCOUNT, MORNING, "stop calling");
        fixture.given(accountOpened())
                .when(request)
                .expectEvents(new CeaseContactRequested(ACCOUNT, MORNING, "stop calling"));
        fixture.given(accountOpened(), new CeaseContactRequested(ACCOUNT, MORNING, "stop calling"))
                .when(request)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void thePermissionQueryAnswersFromTheAccountAndRecordsNothing() {
        fixture.given(accountOpened(), new DisputeRaised(ACCOUNT, "D-1", LocalDate.of(2026, 3, 5), "not mine",
                        new Balance(1_000_000, 15_000, 2_000, 0, 0)))
                .when(new CheckContactPermission(ACCOUNT, ContactChannel.PHONE, MORNING))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(new ContactPolicy.Permission(false, List.of("contact.dispute-open"), null,
                        "DEFAULT/1"));
    }

    @Test
    void erasingTheBorrowersDataDestroysTheirKeyAndIsRecordedOnce() {
        RecordingVault vault = new RecordingVault();
        FixtureConfiguration<CollectionAccount> erasing = new AggregateTestFixture<>(CollectionAccount.class);
        erasing.registerInjectableResource(vault);
        erasing.given(accountOpened())
                .when(new EraseBorrowerData(ACCOUNT, "GDPR art. 17 request"))
                .expectEvents(new BorrowerDataErased(ACCOUNT, "B-77", "GDPR art. 17 request"));
        org.assertj.core.api.Assertions.assertThat(vault.erased).containsExactly("B-77");
        fixture.given(accountOpened(), new BorrowerDataErased(ACCOUNT, "B-77", "GDPR art. 17 request"))
                .when(new EraseBorrowerData(ACCOUNT, "again"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aRepeatedContactAnswersItsOriginalBreaches() {
        fixture.given(accountOpened(), called("C-1", LATE_EVENING), new ContactPolicyBreached(ACCOUNT, "C-1",
                        "contact.hours", "DEFAULT", "1", ContactChannel.PHONE, LATE_EVENING, "agent-7"))
                .when(call("C-1", LATE_EVENING))
                .expectNoEvents()
                .expectResultMessagePayloadMatching(org.hamcrest.Matchers.hasToString(
                        org.hamcrest.Matchers.containsString("breaches=[contact.hours]")));
    }
}
