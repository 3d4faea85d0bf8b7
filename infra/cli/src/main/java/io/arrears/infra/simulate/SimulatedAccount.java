package io.arrears.infra.simulate;

import io.arrears.command.account.AccountOutcome;
import io.arrears.command.account.ContactLogOutcome;
import io.arrears.command.account.PaymentOutcome;
import io.arrears.kernel.account.AccountId;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.Borrower;
import io.arrears.kernel.account.ContactChannel;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import io.arrears.kernel.account.PenaltyBase;
import io.arrears.kernel.account.PlanKind;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.account.Terms;
import io.arrears.kernel.command.AccruePenalty;
import io.arrears.kernel.command.AgreePlan;
import io.arrears.kernel.command.EscalateStage;
import io.arrears.kernel.command.LogContact;
import io.arrears.kernel.command.OpenAccount;
import io.arrears.kernel.command.RecordPayment;
import io.arrears.kernel.command.RecordPromise;
import io.arrears.kernel.command.ReversePayment;
import io.arrears.kernel.command.WriteOffAccount;
import io.arrears.kernel.money.Money;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One simulated account and the people around it: a borrower of one of four kinds, the collectors
 * who call, the gateway that reports payments (sometimes days late, sometimes bounced), and the
 * supervisor who sends hopeless cases to court and writes them off. Each decision comes from the
 * account's own random stream and its own answers from the ledger, so a seed replays exactly.
 */
final class SimulatedAccount {

    /** What the collection products look like: currency, penalty terms and the size of the debts. */
    enum Product {
        HUABEI("CNY", 5, 3, PenaltyBase.PRINCIPAL_AND_INTEREST, 2_400, 30_000, 2_000_000,
                List.of("ALIPAY", "ALIPAY", "ALIPAY", "WECHAT", "BANK")),
        JIEBEI("CNY", 5, 0, PenaltyBase.PRINCIPAL_AND_INTEREST, 2_400, 100_000, 5_000_000,
                List.of("ALIPAY", "ALIPAY", "BANK")),
        CARD("USD", 8, 0, PenaltyBase.PRINCIPAL, 3_000, 20_000, 800_000, List.of("CARD", "ACH")),
        CASH_LOAN("EUR", 3, 5, PenaltyBase.PRINCIPAL, 1_500, 50_000, 1_000_000, List.of("SEPA", "SEPA", "CARD"));

        final String currency;
        final Terms terms;
        final long principalMin;
        final long principalMax;
        final List<String> channels;

        Product(String currency, int rateBps, int graceDays, PenaltyBase base, int capBps, long principalMin,
                long principalMax, List<String> channels) {
            this.currency = currency;
            this.terms = new Terms(rateBps, graceDays, base, capBps, Terms.DEFAULT_WATERFALL);
            this.principalMin = principalMin;
            this.principalMax = principalMax;
            this.channels = channels;
        }

        static Product pick(SplittableRandom random) {
            int roll = random.nextInt(100);
            return roll < 45 ? HUABEI : roll < 70 ? JIEBEI : roll < 88 ? CARD : CASH_LOAN;
        }
    }

    /**
     * @param reached   chance a call reaches the borrower
     * @param promises  chance a conversation ends in a promise to pay
     * @param keeps     chance a promise or an instalment is paid on time
     * @param share     the part of the debt promised, in per cent
     * @param unprompted chance a day brings a payment nobody asked for, in per mille
     */
    enum Kind {
        WILLING(60, 70, 90, 100, 20), PARTIAL(45, 60, 65, 45, 10), STRUGGLING(35, 40, 35, 30, 5),
        REFUSING(30, 0, 5, 0, 1);

        final int reached;
        final int promises;
        final int keeps;
        final int share;
        final int unprompted;

        Kind(int reached, int promises, int keeps, int share, int unprompted) {
            this.reached = reached;
            this.promises = promises;
            this.keeps = keeps;
            this.share = share;
            this.unprompted = unprompted;
        }

        static Kind pick(SplittableRandom random) {
            int roll = random.nextInt(100);
            return roll < 30 ? WILLING : roll < 60 ? PARTIAL : roll < 88 ? STRUGGLING : REFUSING;
        }
    }

    /** A payment the gateway will report on {@code recordOn}, value-dated {@code valueDate}. */
    private record Due(LocalDate recordOn, LocalDate valueDate, long amountMinor, boolean bounces) {
    }

    private record Reversal(LocalDate on, String paymentId) {
    }

    private final String id;
    private final SplittableRandom random;
    private final Product product;
    private final Kind kind;
    private final LocalDate handedOverOn;
    private final LocalDate dueDate;
    private final long principalMinor;
    private final long interestMinor;
    private final long feesMinor;
    private final ZoneId borrowerZone;
    private final ZoneId ledgerZone;

    private final List<Due> payments = new ArrayList<>();
    private final List<Reversal> reversals = new ArrayList<>();
    private boolean handedOver;
    private boolean opened;
    private Balance balance;
    private Stage stage;
    private LocalDate lastConversation;
    private int contactCount;
    private int paymentCount;
    private int promiseCount;
    private int planCount;

    SimulatedAccount(String id, SplittableRandom random, LocalDate firstDay, int days, ZoneId ledgerZone) {
        this.id = id;
        this.ledgerZone = ledgerZone;
        this.random = random;
        this.product = Product.pick(random);
        this.kind = Kind.pick(random);
        this.handedOverOn = firstDay.plusDays(random.nextInt(Math.max(1, days * 2 / 3)));
        this.dueDate = handedOverOn.minusDays(random.nextInt(1, 47));
        this.principalMinor = random.nextLong(product.principalMin, product.principalMax);
        this.interestMinor = principalMinor * random.nextInt(0, 9) / 100;
        this.feesMinor = random.nextInt(4) == 0 ? 0 : random.nextLong(500, 5_000);
        this.borrowerZone = ZoneId.of(switch (product.currency) {
            case "USD" -> "America/New_York";
            case "EUR" -> "Europe/Berlin";
            default -> "Asia/Shanghai";
        });
    }

    String id() {
        return id;
    }

    boolean isOpen() {
        return opened && stage != Stage.RESOLVED && stage != Stage.WRITTEN_OFF;
    }

    boolean isOpenedBy(LocalDate date) {
        return !handedOverOn.isAfter(date);
    }

    /** Everything that happens to the account on {@code today}, in the order it happens. */
    void live(LocalDate today, Ledger ledger) {
        if (today.isBefore(handedOverOn)) {
            return;
        }
        if (!handedOver) {
            handedOver = true;
            open(ledger);
            return;
        }
        if (!opened) {
            return;
        }
        reportPayments(today, ledger);
        if (!isOpen()) {
            return;
        }
        collect(today, ledger);
        supervise(today, ledger);
        if (isOpen() && random.nextInt(1_000) < kind.unprompted) {
            schedule(today, today, settlement() * random.nextInt(20, 101) / 100);
        }
    }

    /** The nightly run: posts the day's evening. */
    void accrue(LocalDate today, Ledger ledger) {
        if (isOpen()) {
            AccountOutcome outcome = ledger.send(new AccruePenalty(accountId(), today));
            if (outcome != null) {
                settle(outcome.balance(), outcome.stage());
            }
        }
    }

    private AccountId accountId() {
        return new AccountId(id);
    }

    private void open(Ledger ledger) {
        LocalDate balancesAsOf = handedOverOn.minusDays(1);
        Balance opening = new Balance(principalMinor, interestMinor, feesMinor, 0, 0);
        String n = id.substring(id.lastIndexOf('-') + 1);
        Object answer = ledger.send(new OpenAccount(accountId(), "SB-" + id, product.name(), product.currency,
                dueDate, balancesAsOf, opening, product.terms,
                new Borrower("Borrower " + n, "+1555" + n, "b" + n + "@example.com", "Street " + n,
                        borrowerZone.getId())));
        opened = answer != null;
        settle(opening, Stage.PREPARATION);
    }

    private void reportPayments(LocalDate today, Ledger ledger) {
        for (Iterator<Due> it = payments.iterator(); it.hasNext(); ) {
            Due due = it.next();
            if (due.recordOn().isAfter(today)) {
                continue;
            }
            it.remove();
            if (stage == Stage.RESOLVED) {
                continue;
            }
            String paymentId = id + "-PAY-" + (++paymentCount);
            String channel = product.channels.get(random.nextInt(product.channels.size()));
            PaymentOutcome outcome = ledger.send(new RecordPayment(accountId(), paymentId,
                    Money.format(due.amountMinor(), product.currency), product.currency, due.valueDate(), channel));
            if (outcome != null) {
                settle(outcome.balance(), outcome.balance().isSettled() ? Stage.RESOLVED : stage);
                if (due.bounces()) {
                    reversals.add(new Reversal(today.plusDays(random.nextInt(2, 6)), paymentId));
                }
            }
        }
        for (Iterator<Reversal> it = reversals.iterator(); it.hasNext(); ) {
            Reversal reversal = it.next();
            if (!reversal.on().isAfter(today)) {
                it.remove();
                AccountOutcome outcome = ledger.send(new ReversePayment(accountId(), reversal.paymentId(),
                        "returned by the bank"));
                if (outcome != null) {
                    settle(outcome.balance(), outcome.stage());
                }
            }
        }
    }

    /** Collectors call by stage, never within a week of a conversation; now and then one slips. */
    private void collect(LocalDate today, Ledger ledger) {
        int callChance = switch (stage) {
            case PREPARATION -> 2;
            case EARLY -> 10;
            case MIDDLE -> 14;
            case LATE -> 10;
            default -> 3;
        };
        boolean resting = lastConversation != null && today.isBefore(lastConversation.plusDays(7));
        boolean slip = random.nextInt(200) == 0;
        if (random.nextInt(100) >= callChance || (resting && !slip)) {
            if (random.nextInt(100) < 4) {
                contact(today, ledger, ContactChannel.SMS, ContactOutcome.DELIVERED, false);
            }
            return;
        }
        boolean late = slip && random.nextBoolean();
        if (random.nextInt(100) >= kind.reached) {
            int roll = random.nextInt(10);
            contact(today, ledger, ContactChannel.PHONE, roll < 6 ? ContactOutcome.NO_ANSWER
                    : roll < 9 ? ContactOutcome.LEFT_MESSAGE : ContactOutcome.WRONG_PARTY, late);
            return;
        }
        lastConversation = today;
        if (kind == Kind.REFUSING) {
            contact(today, ledger, ContactChannel.PHONE, ContactOutcome.REFUSED, late);
            return;
        }
        contact(today, ledger, ContactChannel.PHONE, ContactOutcome.CONVERSATION, late);
        if (random.nextInt(100) < kind.promises) {
            promise(today, ledger);
        } else if (kind == Kind.STRUGGLING && random.nextInt(100) < 30) {
            plan(today, ledger);
        }
    }

    private void contact(LocalDate today, Ledger ledger, ContactChannel channel, ContactOutcome outcome,
                         boolean late) {
        ledger.<ContactLogOutcome>send(new LogContact(accountId(), id + "-C-" + (++contactCount), channel,
                ContactDirection.OUTBOUND, outcome, momentOn(today, late), "agent-" + (1 + random.nextInt(12)), null));
    }

    /**
     * A moment of the ledger's day (which has ended by 23:30 in the ledger's zone) that is daytime for
     * the borrower, 09:00 to 20:00 where they live; or, for a collector who slips, 21:00 to 22:00.
     */
    private Instant momentOn(LocalDate today, boolean late) {
        Instant dayStart = today.atStartOfDay(ledgerZone).toInstant();
        int fromHour = late ? 21 : 9;
        int toHour = late ? 22 : 20;
        Instant moment = dayStart;
        for (int minute = random.nextInt(0, 24 * 60 - 30), tries = 0; tries < 24 * 60; tries++) {
            moment = dayStart.plusSeconds(60L * ((minute + tries * 7L) % (24 * 60 - 30)));
            int hour = moment.atZone(borrowerZone).getHour();
            if (hour >= fromHour && hour < toHour) {
                return moment;
            }
        }
        return moment;
    }

    private void promise(LocalDate today, Ledger ledger) {
        long amount = Math.max(100, settlement() * kind.share / 100);
        LocalDate due = today.plusDays(random.nextInt(2, 11));
        AccountOutcome outcome = ledger.send(new RecordPromise(accountId(), id + "-PR-" + (++promiseCount),
                Money.format(amount, product.currency), due));
        if (outcome == null) {
            return;
        }
        if (random.nextInt(100) < kind.keeps) {
            schedule(today, due.minusDays(random.nextInt(0, 3)), amount);
        } else if (random.nextInt(100) < 30) {
            schedule(today, due.plusDays(random.nextInt(1, 8)), amount / 3);
        }
    }

    private void plan(LocalDate today, Ledger ledger) {
        long each = Math.max(100, settlement() / 3);
        List<AgreePlan.Instalment> instalments = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            instalments.add(new AgreePlan.Instalment(today.plusDays(7 + 14L * i),
                    Money.format(each, product.currency)));
        }
        AccountOutcome outcome = ledger.send(new AgreePlan(accountId(), id + "-PL-" + (++planCount),
                PlanKind.INSTALMENTS, instalments));
        if (outcome == null) {
            return;
        }
        for (AgreePlan.Instalment instalment : instalments) {
            if (random.nextInt(100) < kind.keeps + 20) {
                schedule(today, instalment.dueDate().minusDays(random.nextInt(0, 2)), each);
            }
        }
    }

    /** Refusers in LATE go to court; a case in court long enough is written off. */
    private void supervise(LocalDate today, Ledger ledger) {
        if (kind != Kind.REFUSING) {
            return;
        }
        long dpd = today.toEpochDay() - dueDate.toEpochDay();
        if (stage == Stage.LATE && dpd > 75 && random.nextInt(100) < 5) {
            AccountOutcome outcome = ledger.send(new EscalateStage(accountId(), Stage.LEGAL, "refuses to pay"));
            if (outcome != null) {
                settle(outcome.balance(), outcome.stage());
            }
        } else if (stage == Stage.LEGAL && dpd > 100 && random.nextInt(100) < 4) {
            AccountOutcome outcome = ledger.send(new WriteOffAccount(accountId(), today, "uncollectable"));
            if (outcome != null) {
                settle(outcome.balance(), Stage.WRITTEN_OFF);
            }
        }
    }

    /**
     * A payment value-dated {@code valueDate} (not before tomorrow's morning when planned today): most
     * reach the ledger that day, one in eight days late (a backdated payment), one in thirty bounces.
     */
    private void schedule(LocalDate today, LocalDate valueDate, long amountMinor) {
        LocalDate value = valueDate.isBefore(today) ? today : valueDate;
        LocalDate record = random.nextInt(8) == 0 ? value.plusDays(random.nextInt(1, 5)) : value;
        payments.add(new Due(record, value, Math.max(1, amountMinor), random.nextInt(30) == 0));
    }

    /** What the borrower would pay to settle: the last balance seen and a little for the penalty since. */
    private long settlement() {
        return balance.owedMinor() + balance.owedMinor() / 50;
    }

    private void settle(Balance balance, Stage stage) {
        this.balance = balance;
        this.stage = stage;
    }

    /** The ledger as the account's people reach it: null when it refused the command (counted). */
    interface Ledger {
        <R> R send(Object command);
    }
}
