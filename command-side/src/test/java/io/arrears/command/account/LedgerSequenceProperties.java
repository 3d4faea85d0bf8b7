package io.arrears.command.account;

import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.AccountStatus;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Borrower;
import io.arrears.kernel.account.Component;
import io.arrears.kernel.account.DisputeOutcome;
import io.arrears.kernel.account.PenaltyBase;
import io.arrears.kernel.account.Terms;
import io.arrears.kernel.command.AccruePenalty;
import io.arrears.kernel.command.GrantWaiver;
import io.arrears.kernel.command.OpenAccount;
import io.arrears.kernel.command.RaiseDispute;
import io.arrears.kernel.command.RecordPayment;
import io.arrears.kernel.command.ResolveDispute;
import io.arrears.kernel.command.ReversePayment;
import io.arrears.kernel.command.WriteOffAccount;
import io.arrears.kernel.event.AccountEvent;
import io.arrears.kernel.event.AccountReopened;
import io.arrears.kernel.event.AccountResolved;
import io.arrears.kernel.event.AccountWrittenOff;
import io.arrears.kernel.event.BalanceHistory;
import io.arrears.kernel.event.EventSums;
import io.arrears.kernel.event.PaymentReallocated;
import io.arrears.kernel.event.PenaltyAccrued;
import io.arrears.kernel.event.PenaltyAdjusted;
import io.arrears.kernel.money.Money;
import io.arrears.kernel.rejection.RuleViolation;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Random sequences of value-dated facts, many of them backdated, sent to the account one command at
 * a time: after every command the posted balance equals {@link LedgerModel}, and at the end the
 * events, summed without their {@code balanceAfter}, and a recomputation from the facts they state
 * give the same balance. The account is loaded for every command, or kept in a cache between them so
 * that its ledger goes on from its last computation.
 */
class LedgerSequenceProperties {

    private static final LocalDate TODAY = LocalDate.of(2029, 6, 30);
    private static final LocalDate DUE = LocalDate.of(2028, 1, 31);
    private static final LedgerClock CLOCK = LedgerClock.fixed(TODAY, ZoneId.of("Asia/Shanghai"));

    enum Kind { ACCRUE, PAY, PAY_BACKDATED, REVERSE, WAIVE, RAISE_DISPUTE, RESOLVE_DISPUTE, WRITE_OFF }

    record Step(Kind kind, int days, long amount, int pick) {
    }

    record Opening(Balance balance, int lateDays, int rateBps, int graceDays, boolean onInterestToo, Integer capBps,
                   List<Component> waterfall) {
    }

    @Provide
    Arbitrary<Opening> openings() {
        Arbitrary<Balance> balances = Combinators.combine(
                Arbitraries.longs().between(1, 5_000_000), Arbitraries.longs().between(0, 200_000),
                Arbitraries.longs().between(0, 50_000), Arbitraries.longs().between(0, 20_000))
                .as((p, i, f, pen) -> new Balance(p, i, f, pen, 0));
        return Combinators.combine(balances, Arbitraries.integers().between(0, 20),
                        Arbitraries.integers().between(0, 150), Arbitraries.integers().between(0, 10),
                        Arbitraries.of(true, false), Arbitraries.integers().between(0, 3_000).injectNull(0.4),
                        Arbitraries.of(Component.class).list().uniqueElements().ofSize(4))
                .as(Opening::new);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(
                Tuple.of(6, Kind.ACCRUE), Tuple.of(6, Kind.PAY), Tuple.of(5, Kind.PAY_BACKDATED),
                Tuple.of(2, Kind.REVERSE), Tuple.of(3, Kind.WAIVE), Tuple.of(2, Kind.RAISE_DISPUTE),
                Tuple.of(2, Kind.RESOLVE_DISPUTE), Tuple.of(1, Kind.WRITE_OFF));
        Arbitrary<Long> amounts = Arbitraries.oneOf(Arbitraries.longs().between(1, 100),
                Arbitraries.longs().between(1, 200_000), Arbitraries.longs().between(1, 6_000_000));
        return Combinators.combine(kinds, Arbitraries.integers().between(0, 1_000), amounts,
                Arbitraries.integers().between(0, 1_000)).as(Step::new).list().ofMinSize(1).ofMaxSize(25);
    }

    @Property(tries = 1000)
    void thePostedBalanceIsTheModelsAfterEveryCommandAndTheEventsSumToIt(@ForAll("openings") Opening opening,
                                                                          @ForAll("steps") List<Step> steps,
                                                                          @ForAll boolean cached) {
        AccountHarness harness = cached ? AccountHarness.cached(CLOCK) : new AccountHarness(CLOCK);
        AccountId id = new AccountId("P-1");
        LocalDate asOf = DUE.plusDays(opening.lateDays());
        Terms terms = new Terms(opening.rateBps(), opening.graceDays(),
                opening.onInterestToo() ? PenaltyBase.PRINCIPAL_AND_INTEREST : PenaltyBase.PRINCIPAL,
                opening.capBps(), opening.waterfall());
        harness.send(new OpenAccount(id, "B-1", "CASH", "CNY", DUE, asOf, opening.balance(), terms,
                new Borrower("N", "+86", "n@example.com", "A", "Asia/Shanghai")));
        Map<Component, Long> openingParts = new EnumMap<>(Component.class);
        for (Component c : Component.values()) {
            openingParts.put(c, opening.balance().of(c));
        }
        LedgerModel model = new LedgerModel(DUE, asOf, openingParts, opening.rateBps(), opening.graceDays(),
                opening.onInterestToo(), opening.capBps(), opening.waterfall());
        List<String> recorded = new ArrayList<>();
        AccountStatus status = AccountStatus.OPEN;
        int counter = 0;

        for (Step step : steps) {
            LocalDate through = model.accruedThrough;
            int backdatable = (int) (through.toEpochDay() - asOf.toEpochDay());
            Balance posted = null;
            switch (step.kind()) {
                case ACCRUE -> {
                    LocalDate date = min(through.plusDays(1 + step.days() % 40));
                    posted = harness.<AccountOutcome>send(new AccruePenalty(id, date)).balance();
                    model.accruedThrough = date.isAfter(through) ? date : through;
                }
                case PAY, PAY_BACKDATED -> {
                    LocalDate date = step.kind() == Kind.PAY || backdatable == 0
                            ? min(through.plusDays(1 + step.days() % 10))
                            : min(asOf.plusDays(1 + step.days() % backdatable));
                    String paymentId = "PAY-" + counter++;
                    posted = harness.<PaymentOutcome>send(new RecordPayment(id, paymentId,
                            Money.format(step.amount(), "CNY"), null, date, "BANK")).balance();
                    model.factOn(date);
                    model.payments.add(new LedgerModel.Payment(paymentId, step.amount(), date));
                    recorded.add(paymentId);
                }
                case REVERSE -> {
                    if (recorded.isEmpty()) {
                        continue;
                    }
                    String paymentId = recorded.remove(step.pick() % recorded.size());
                    posted = harness.<AccountOutcome>send(new ReversePayment(id, paymentId, "chargeback")).balance();
                    model.payments.removeIf(p -> p.id().equals(paymentId));
                }
                case WAIVE -> {
                    Component component = List.of(Component.PENALTY, Component.FEES, Component.INTEREST)
                            .get(step.pick() % 3);
                    LocalDate date = min(asOf.plusDays(1 + step.days() % (backdatable + 2)));
                    long amount = 1 + step.amount() % 30_000;
                    String waiverId = "W-" + counter++;
                    LedgerModel.Waiver waiver = new LedgerModel.Waiver(waiverId, component, amount, date);
                    LocalDate throughBefore = model.accruedThrough;
                    model.factOn(date);
                    model.waivers.add(waiver);
                    boolean fits = model.run().waived().get(waiverId) == amount;
                    GrantWaiver command = new GrantWaiver(id, waiverId, component, Money.format(amount, "CNY"),
                            date, "goodwill");
                    if (fits) {
                        posted = harness.<AccountOutcome>send(command).balance();
                    } else {
                        model.waivers.remove(waiver);
                        model.accruedThrough = throughBefore;
                        assertThatThrownBy(() -> harness.send(command)).isInstanceOf(RuleViolation.class)
                                .hasMessageContaining("may not exceed the outstanding");
                        continue;
                    }
                }
                case RAISE_DISPUTE -> {
                    if (model.openDispute() != null) {
                        continue;
                    }
                    LocalDate date = min(asOf.plusDays(1 + step.days() % (backdatable + 3)));
                    String disputeId = "D-" + counter++;
                    posted = harness.<AccountOutcome>send(new RaiseDispute(id, disputeId, date, "not mine"))
                            .balance();
                    model.factOn(date);
                    model.disputes.add(new LedgerModel.Dispute(disputeId, date));
                }
                case RESOLVE_DISPUTE -> {
                    LedgerModel.Dispute open = model.openDispute();
                    if (open == null) {
                        continue;
                    }
                    LocalDate date = min(open.raisedOn.plusDays(step.days() % 30));
                    posted = harness.<AccountOutcome>send(new ResolveDispute(id, open.id, date,
                            DisputeOutcome.REJECTED)).balance();
                    model.factOn(date);
                    open.resolvedOn = date;
                }
                case WRITE_OFF -> {
                    if (status != AccountStatus.OPEN || step.pick() % 4 != 0) {
                        continue;
                    }
                    LocalDate date = min(asOf.plusDays(1 + step.days() % (backdatable + 3)));
                    posted = harness.<AccountOutcome>send(new WriteOffAccount(id, date, "uncollectable")).balance();
                    model.factOn(date);
                    model.writtenOffOn = date;
                }
            }
            LedgerModel.Result expected = model.run();
            assertThat(posted).as("balance after %s", step).isEqualTo(balance(expected));
            status = statusAfter(status, model, expected);
        }

        List<AccountEvent> events = harness.events(id);
        Statistics.label("corrections").collect(events.stream().anyMatch(e -> e instanceof PenaltyAdjusted),
                events.stream().anyMatch(e -> e instanceof PaymentReallocated));
        Statistics.label("status").collect(status);
        LedgerModel.Result expected = model.run();
        assertThat(EventSums.balanceOf(events)).isEqualTo(balance(expected));
        assertThat(LedgerTimeline.recompute(events).balance()).isEqualTo(balance(expected));
        assertThat(LedgerTimeline.recompute(events.stream()
                .filter(event -> LedgerTimeline.READS.contains(event.getClass())).toList()).balance())
                .as("recomputed from the events it reads only").isEqualTo(balance(expected));
        assertThat(statusOf(events)).isEqualTo(status);
        assertBalanceHistoryAgreesOnEveryDate(events, asOf);
    }

    /** The reports' value-dated balance equals the ledger recomputed from the facts known on each date. */
    private static void assertBalanceHistoryAgreesOnEveryDate(List<AccountEvent> events, LocalDate start) {
        BalanceHistory history = BalanceHistory.of(events);
        LocalDate accruedThrough = events.stream().filter(e -> e instanceof PenaltyAccrued)
                .map(e -> ((PenaltyAccrued) e).throughDate()).reduce(start, (a, b) -> b);
        long days = accruedThrough.toEpochDay() - start.toEpochDay();
        long step = Math.max(1, days / 25);
        for (LocalDate date = start; !date.isAfter(accruedThrough); date = date.plusDays(step)) {
            assertThat(history.on(date)).as("balance on %s", date)
                    .isEqualTo(LedgerTimeline.onValueDate(events, date).balance());
        }
        assertThat(history.on(accruedThrough)).isEqualTo(LedgerTimeline.onValueDate(events, accruedThrough).balance());
    }

    private static LocalDate min(LocalDate date) {
        return date.isAfter(TODAY) ? TODAY : date;
    }

    private static Balance balance(LedgerModel.Result result) {
        return new Balance(result.owed().get(Component.PRINCIPAL), result.owed().get(Component.INTEREST),
                result.owed().get(Component.FEES), result.owed().get(Component.PENALTY), result.credit());
    }

    private static AccountStatus statusAfter(AccountStatus status, LedgerModel model, LedgerModel.Result result) {
        if (model.writtenOffOn != null) {
            return AccountStatus.WRITTEN_OFF;
        }
        return result.owedTotal() == 0 ? AccountStatus.RESOLVED : AccountStatus.OPEN;
    }

    private static AccountStatus statusOf(List<AccountEvent> events) {
        AccountStatus status = AccountStatus.OPEN;
        for (AccountEvent event : events) {
            if (event instanceof AccountResolved) {
                status = AccountStatus.RESOLVED;
            } else if (event instanceof AccountReopened) {
                status = AccountStatus.OPEN;
            } else if (event instanceof AccountWrittenOff) {
                status = AccountStatus.WRITTEN_OFF;
            }
        }
        return status;
    }
}
