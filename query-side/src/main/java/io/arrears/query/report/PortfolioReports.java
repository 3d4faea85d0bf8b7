package io.arrears.query.report;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.arrears.kernel.account.Balance;
import io.arrears.kernel.account.ContactDirection;
import io.arrears.kernel.account.ContactOutcome;
import io.arrears.kernel.account.Stage;
import io.arrears.kernel.money.Money;
import io.arrears.query.report.ReportAccount.Standing;
import org.bson.Document;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The portfolio reports of docs/DESIGN.md §6, computed from the {@code report_accounts} read model for a
 * value date or a period, with what is known now: a payment recorded today with last week's value date
 * counts last week. Amounts are per currency, never added across currencies; rates are exact
 * fractions, shown to four decimals (half-even).
 */
public final class PortfolioReports {

    /** Outcomes that mean the borrower was reached: they spoke, even to refuse. */
    static final Set<ContactOutcome> RIGHT_PARTY = Set.of(ContactOutcome.CONVERSATION, ContactOutcome.REFUSED);

    private final MongoCollection<Document> accounts;
    private final ZoneId zone;

    public PortfolioReports(MongoDatabase database, ZoneId zone) {
        this(database, PortfolioReportProjection.COLLECTION, zone);
    }

    public PortfolioReports(MongoDatabase database, String collection, ZoneId zone) {
        this.accounts = database.getCollection(collection);
        this.zone = zone;
    }

    /** A fraction; {@code value} is null when nothing was there to count. */
    public record Rate(long numerator, long denominator, String value) {

        static Rate of(long numerator, long denominator) {
            return new Rate(numerator, denominator, denominator == 0 ? null
                    : BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), 4, RoundingMode.HALF_EVEN)
                    .toPlainString());
        }
    }

    public record AgingRow(String currency, Stage stage, String bucket, long accounts, String principal,
                           String interest, String fees, String penalty, String total) {
    }

    public record Aging(LocalDate asOf, List<AgingRow> rows) {

        public String csv() {
            Csv csv = new Csv("asOf", "currency", "stage", "bucket", "accounts", "principal", "interest", "fees",
                    "penalty", "total");
            rows.forEach(r -> csv.row(asOf, r.currency(), r.stage(), r.bucket(), r.accounts(), r.principal(),
                    r.interest(), r.fees(), r.penalty(), r.total()));
            return csv.toString();
        }
    }

    /** @param share of the accounts that started the month in {@code from} */
    public record Roll(String from, String to, long accounts, Rate share) {
    }

    /** @param opened accounts whose balances start within the month: they have no state to roll from */
    public record MonthRolls(YearMonth month, LocalDate from, LocalDate to, List<Roll> rolls, long opened) {
    }

    public record RollRates(LocalDate asOf, List<MonthRolls> months) {

        public String csv() {
            Csv csv = new Csv("month", "startOfMonth", "endOfMonth", "from", "to", "accounts", "share");
            months.forEach(m -> m.rolls().forEach(r -> csv.row(m.month(), m.from(), m.to(), r.from(), r.to(),
                    r.accounts(), r.share().value())));
            return csv.toString();
        }
    }

    /**
     * @param delinquentAtStart what the accounts delinquent at the start owed then
     * @param collected         what those accounts paid, value-dated within the period
     */
    public record Recovery(String currency, long delinquentAccounts, String delinquentAtStart, String collected,
                           Rate rate) {
    }

    /** @param recoveries payments on accounts already written off */
    public record ChannelCollections(String currency, String channel, long payments, String amount, long recoveries) {
    }

    /**
     * @param cure         accounts delinquent at the start (DPD > 0, not written off) that owe nothing at the end
     * @param promisesKept promises falling due in the period that were kept, of those decided
     */
    public record Performance(LocalDate from, LocalDate to, Rate cure, Rate promisesKept, long promisesOpen,
                              List<Recovery> recovery, List<ChannelCollections> collections) {

        public String csv() {
            Csv csv = new Csv("from", "to", "metric", "currency", "channel", "count", "amount", "numerator",
                    "denominator", "rate");
            csv.row(from, to, "cure", null, null, null, null, cure.numerator(), cure.denominator(), cure.value());
            csv.row(from, to, "promises-kept", null, null, promisesOpen, null, promisesKept.numerator(),
                    promisesKept.denominator(), promisesKept.value());
            recovery.forEach(r -> csv.row(from, to, "recovery", r.currency(), null, r.delinquentAccounts(),
                    r.collected(), r.rate().numerator(), r.rate().denominator(), r.rate().value()));
            collections.forEach(c -> csv.row(from, to, "collections", c.currency(), c.channel(), c.payments(),
                    c.amount(), null, null, null));
            return csv.toString();
        }
    }

    /**
     * @param perAccount attempts per account in the portfolio at the end of the period
     * @param rightParty outbound attempts that reached the borrower, of all outbound attempts
     */
    public record ChannelContacts(String channel, long attempts, long accountsContacted, String perAccount,
                                  Rate rightParty) {
    }

    public record BreachCount(String rule, String agentId, long breaches) {
    }

    public record Contacts(LocalDate from, LocalDate to, long accounts, List<ChannelContacts> channels,
                           Rate rightParty, List<BreachCount> breaches) {

        public String csv() {
            Csv csv = new Csv("from", "to", "metric", "channel", "rule", "agentId", "count", "accounts",
                    "perAccount", "numerator", "denominator", "rate");
            channels.forEach(c -> csv.row(from, to, "contacts", c.channel(), null, null, c.attempts(),
                    c.accountsContacted(), c.perAccount(), c.rightParty().numerator(), c.rightParty().denominator(),
                    c.rightParty().value()));
            csv.row(from, to, "right-party", null, null, null, null, accounts, null, rightParty.numerator(),
                    rightParty.denominator(), rightParty.value());
            breaches.forEach(b -> csv.row(from, to, "breaches", null, b.rule(), b.agentId(), b.breaches(), null,
                    null, null, null, null));
            return csv.toString();
        }
    }

    /** Accounts and what they owe at the end of {@code asOf}, by currency, stage and DPD bucket. */
    public Aging aging(LocalDate asOf) {
        record Key(String currency, Stage stage, Bucket bucket) implements Comparable<Key> {
            public int compareTo(Key o) {
                int c = currency.compareTo(o.currency);
                c = c != 0 ? c : stage.compareTo(o.stage);
                return c != 0 ? c : bucket.compareTo(o.bucket);
            }
        }
        Map<Key, long[]> sums = new TreeMap<>();
        for (ReportAccount account : all()) {
            Standing s = account.on(asOf, zone);
            if (s == null) {
                continue;
            }
            long[] sum = sums.computeIfAbsent(new Key(account.currency(), s.stage(), s.bucket()), k -> new long[5]);
            Balance b = s.balance();
            sum[0]++;
            sum[1] += b.principalMinor();
            sum[2] += b.interestMinor();
            sum[3] += b.feesMinor();
            sum[4] += b.penaltyMinor();
        }
        List<AgingRow> rows = new ArrayList<>();
        sums.forEach((k, s) -> rows.add(new AgingRow(k.currency(), k.stage(), k.bucket().label(), s[0],
                Money.format(s[1], k.currency()), Money.format(s[2], k.currency()), Money.format(s[3], k.currency()),
                Money.format(s[4], k.currency()), Money.format(s[1] + s[2] + s[3] + s[4], k.currency()))));
        return new Aging(asOf, rows);
    }

    /**
     * Month over month, for the {@code months} months up to the one holding {@code asOf}: where the
     * accounts that stood in each state at the end of the month before stood at the end of the month
     * (or on {@code asOf}, for its own month).
     */
    public RollRates rollRates(LocalDate asOf, int months) {
        List<ReportAccount> all = all();
        List<MonthRolls> result = new ArrayList<>();
        YearMonth last = YearMonth.from(asOf);
        for (YearMonth month = last.minusMonths(months - 1L); !month.isAfter(last); month = month.plusMonths(1)) {
            LocalDate from = month.atDay(1).minusDays(1);
            LocalDate to = month.equals(last) ? asOf : month.atEndOfMonth();
            Map<RollState, Map<RollState, Long>> counts = new EnumMap<>(RollState.class);
            long opened = 0;
            for (ReportAccount account : all) {
                Standing end = account.on(to, zone);
                if (end == null) {
                    continue;
                }
                Standing start = account.on(from, zone);
                if (start == null) {
                    opened++;
                    continue;
                }
                counts.computeIfAbsent(start.rollState(), s -> new EnumMap<>(RollState.class))
                        .merge(end.rollState(), 1L, Long::sum);
            }
            List<Roll> rolls = new ArrayList<>();
            counts.forEach((fromState, row) -> {
                long rowTotal = row.values().stream().mapToLong(Long::longValue).sum();
                row.forEach((toState, n) -> rolls.add(new Roll(fromState.label(), toState.label(), n,
                        Rate.of(n, rowTotal))));
            });
            result.add(new MonthRolls(month, from, to, rolls, opened));
        }
        return new RollRates(asOf, result);
    }

    /** Cure, promises kept, recovery and collections by channel, for value dates {@code from} to {@code to}. */
    public Performance performance(LocalDate from, LocalDate to) {
        LocalDate before = from.minusDays(1);
        long delinquent = 0;
        long cured = 0;
        long kept = 0;
        long broken = 0;
        long open = 0;
        Map<String, long[]> recovery = new TreeMap<>();
        Map<String, Map<String, long[]>> collections = new TreeMap<>();
        for (ReportAccount account : all()) {
            String currency = account.currency();
            Standing start = account.on(before, zone);
            boolean delinquentAtStart = start != null && start.isDelinquent();
            if (delinquentAtStart) {
                delinquent++;
                Standing end = account.on(to, zone);
                if (end.stage() != Stage.WRITTEN_OFF && end.balance().isSettled()) {
                    cured++;
                }
                long[] r = recovery.computeIfAbsent(currency, c -> new long[3]);
                r[0]++;
                r[1] += start.balance().owedMinor();
            }
            for (var payment : account.history().payments().values()) {
                if (payment.valueDate().isBefore(from) || payment.valueDate().isAfter(to)) {
                    continue;
                }
                long[] c = collections.computeIfAbsent(currency, k -> new TreeMap<>())
                        .computeIfAbsent(payment.channel(), k -> new long[3]);
                c[0]++;
                c[1] += payment.amountMinor();
                c[2] += payment.recovery() ? 1 : 0;
                if (delinquentAtStart) {
                    recovery.get(currency)[2] += payment.amountMinor();
                }
            }
            for (ReportAccount.Promise promise : account.promises()) {
                if (promise.dueDate().isBefore(from) || promise.dueDate().isAfter(to)) {
                    continue;
                }
                if ("KEPT".equals(promise.outcome())) {
                    kept++;
                } else if ("BROKEN".equals(promise.outcome())) {
                    broken++;
                } else {
                    open++;
                }
            }
        }
        List<Recovery> recoveries = new ArrayList<>();
        recovery.forEach((currency, r) -> recoveries.add(new Recovery(currency, r[0], Money.format(r[1], currency),
                Money.format(r[2], currency), Rate.of(r[2], r[1]))));
        List<ChannelCollections> byChannel = new ArrayList<>();
        collections.forEach((currency, channels) -> channels.forEach((channel, c) ->
                byChannel.add(new ChannelCollections(currency, channel, c[0], Money.format(c[1], currency), c[2]))));
        return new Performance(from, to, Rate.of(cured, delinquent), Rate.of(kept, kept + broken), open,
                recoveries, byChannel);
    }

    /** Contact attempts by channel, the right-party rate, and policy breaches by rule and agent, in the period. */
    public Contacts contacts(LocalDate from, LocalDate to) {
        long accounts = 0;
        Map<String, long[]> channels = new TreeMap<>();
        Map<String, Set<String>> contacted = new TreeMap<>();
        Map<String, Map<String, Long>> breaches = new TreeMap<>();
        long outbound = 0;
        long reached = 0;
        for (ReportAccount account : all()) {
            if (account.history().start().isAfter(to)) {
                continue;
            }
            accounts++;
            for (ReportAccount.Contact contact : account.contacts()) {
                if (!within(LocalDate.ofInstant(contact.at(), zone), from, to)) {
                    continue;
                }
                String channel = contact.channel().name();
                long[] c = channels.computeIfAbsent(channel, k -> new long[3]);
                c[0]++;
                contacted.computeIfAbsent(channel, k -> new TreeSet<>()).add(account.accountId());
                if (contact.direction() == ContactDirection.OUTBOUND) {
                    c[1]++;
                    outbound++;
                    if (RIGHT_PARTY.contains(contact.outcome())) {
                        c[2]++;
                        reached++;
                    }
                }
            }
            for (ReportAccount.Breach breach : account.breaches()) {
                if (within(LocalDate.ofInstant(breach.at(), zone), from, to)) {
                    breaches.computeIfAbsent(breach.rule(), k -> new TreeMap<>())
                            .merge(breach.agentId() == null ? "" : breach.agentId(), 1L, Long::sum);
                }
            }
        }
        long portfolio = accounts;
        List<ChannelContacts> byChannel = new ArrayList<>();
        channels.forEach((channel, c) -> byChannel.add(new ChannelContacts(channel, c[0], contacted.get(channel).size(),
                portfolio == 0 ? null : BigDecimal.valueOf(c[0]).divide(BigDecimal.valueOf(portfolio), 2,
                        RoundingMode.HALF_EVEN).toPlainString(), Rate.of(c[2], c[1]))));
        List<BreachCount> breachCounts = new ArrayList<>();
        breaches.forEach((rule, agents) -> agents.forEach((agent, n) -> breachCounts.add(new BreachCount(rule, agent, n))));
        return new Contacts(from, to, accounts, byChannel, Rate.of(reached, outbound), breachCounts);
    }

    private static boolean within(LocalDate date, LocalDate from, LocalDate to) {
        return !date.isBefore(from) && !date.isAfter(to);
    }

    /** Every account, from its document and its payments' (a payment's names its account). */
    private List<ReportAccount> all() {
        List<Document> heads = new ArrayList<>();
        Map<String, List<Document>> payments = new HashMap<>();
        for (Document document : accounts.find()) {
            String account = document.getString(ReportAccount.ACCOUNT);
            if (account == null) {
                heads.add(document);
            } else {
                payments.computeIfAbsent(account, key -> new ArrayList<>()).add(document);
            }
        }
        List<ReportAccount> all = new ArrayList<>();
        for (Document head : heads) {
            all.add(ReportAccount.fromDocuments(head, payments.getOrDefault(head.getString("_id"), List.of())));
        }
        return all;
    }
}
