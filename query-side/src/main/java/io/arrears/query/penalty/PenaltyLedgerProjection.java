package io.arrears.query.penalty;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.arrears.kernel.account.Component;
import io.arrears.kernel.event.AccountEvent;
import io.arrears.kernel.event.AccountOpened;
import io.arrears.kernel.event.AccrualSegment;
import io.arrears.kernel.event.PaymentReallocated;
import io.arrears.kernel.event.PaymentRecorded;
import io.arrears.kernel.event.PaymentReversed;
import io.arrears.kernel.event.PenaltyAccrued;
import io.arrears.kernel.event.PenaltyAdjusted;
import io.arrears.kernel.event.PenaltyCorrection;
import io.arrears.kernel.event.WaiverAdjusted;
import io.arrears.kernel.event.WaiverGranted;
import io.arrears.query.projection.EntryIds;
import io.arrears.query.projection.ProjectionWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;

import java.util.List;

/**
 * The penalty ledger of API.md: one entry per event that moved an account's penalty (opening,
 * accruals with their segments, adjustments with their corrections, the penalty part of payments,
 * reallocations and reversals, penalty waivers), keyed by account and sequence, so a redelivery
 * rewrites the same entry. A head document per account remembers the last sequence seen.
 */
@ProcessingGroup(PenaltyLedgerProjection.PROCESSING_GROUP)
public class PenaltyLedgerProjection {

    public static final String PROCESSING_GROUP = "penalty-ledger";
    public static final String COLLECTION = "penalty_ledger";

    private final MongoCollection<Document> entries;

    public PenaltyLedgerProjection(MongoDatabase database) {
        this(database, COLLECTION);
    }

    /** Into another collection: a rebuild from position 0 that is compared with the live one. */
    public PenaltyLedgerProjection(MongoDatabase database, String collection) {
        this.entries = database.getCollection(collection);
    }

    static String headId(String accountId) {
        return accountId + "/head";
    }

    @EventHandler
    void on(AccountOpened event, @SequenceNumber long sequence, TrackingToken token) {
        write(event, sequence, token, "OPENING", new Document("currency", event.currency())
                .append("amountMinor", event.opening().penaltyMinor()));
    }

    @EventHandler
    void on(PenaltyAccrued event, @SequenceNumber long sequence, TrackingToken token) {
        List<Document> segments = event.segments().stream().map(PenaltyLedgerProjection::segment).toList();
        write(event, sequence, token, "ACCRUAL", new Document("from", event.fromDate().toString())
                .append("through", event.throughDate().toString())
                .append("amountMinor", event.amountMinor())
                .append("segments", segments));
    }

    @EventHandler
    void on(PenaltyAdjusted event, @SequenceNumber long sequence, TrackingToken token) {
        List<Document> corrections = event.corrections().stream().map(PenaltyLedgerProjection::correction).toList();
        write(event, sequence, token, "ADJUSTMENT", new Document("cause", event.cause())
                .append("amountMinor", event.adjustmentMinor())
                .append("corrections", corrections));
    }

    @EventHandler
    void on(PaymentRecorded event, @SequenceNumber long sequence, TrackingToken token) {
        write(event, sequence, token, "PAYMENT", new Document("paymentId", event.paymentId())
                .append("valueDate", event.valueDate().toString())
                .append("amountMinor", event.allocation().penaltyMinor())
                .append("recovery", event.recovery()));
    }

    @EventHandler
    void on(PaymentReallocated event, @SequenceNumber long sequence, TrackingToken token) {
        write(event, sequence, token, "REALLOCATION", new Document("paymentId", event.paymentId())
                .append("beforeMinor", event.before().penaltyMinor())
                .append("amountMinor", event.after().penaltyMinor())
                .append("cause", event.cause()));
    }

    @EventHandler
    void on(PaymentReversed event, @SequenceNumber long sequence, TrackingToken token) {
        write(event, sequence, token, "REVERSAL", new Document("paymentId", event.paymentId())
                .append("amountMinor", event.allocation().penaltyMinor()));
    }

    @EventHandler
    void on(WaiverGranted event, @SequenceNumber long sequence, TrackingToken token) {
        if (event.component() != Component.PENALTY) {
            advanceHead(event.accountId().value(), sequence);
            return;
        }
        write(event, sequence, token, "WAIVER", new Document("waiverId", event.waiverId())
                .append("effectiveDate", event.effectiveDate().toString())
                .append("amountMinor", event.amount().amountMinor()));
    }

    @EventHandler
    void on(WaiverAdjusted event, @SequenceNumber long sequence, TrackingToken token) {
        if (event.component() != Component.PENALTY) {
            advanceHead(event.accountId().value(), sequence);
            return;
        }
        write(event, sequence, token, "WAIVER_ADJUSTMENT", new Document("waiverId", event.waiverId())
                .append("beforeMinor", event.waivedBeforeMinor())
                .append("amountMinor", event.waivedAfterMinor())
                .append("cause", event.cause()));
    }

    /** Events that do not move penalty still advance the account's head, for consistentWith. */
    @EventHandler
    void on(AccountEvent event, @SequenceNumber long sequence) {
        advanceHead(event.accountId().value(), sequence);
    }

    @ResetHandler
    void reset() {
        entries.deleteMany(new Document());
    }

    private void write(AccountEvent event, long sequence, TrackingToken token, String kind, Document fields) {
        String accountId = event.accountId().value();
        long position = token.position().orElseThrow(() -> new IllegalStateException("tracked events have positions"));
        Document entry = new Document("_id", EntryIds.of(accountId, sequence))
                .append("accountId", accountId)
                .append("sequence", sequence)
                .append("position", position)
                .append("kind", kind);
        entry.putAll(fields);
        ProjectionWrites.into(entries).replace(entry);
        advanceHead(accountId, sequence);
    }

    private void advanceHead(String accountId, long sequence) {
        ProjectionWrites.into(entries).raise(headId(accountId), "lastSequence", sequence);
    }

    private static Document segment(AccrualSegment segment) {
        return new Document("from", segment.from().toString())
                .append("to", segment.to().toString())
                .append("baseMinor", segment.baseMinor())
                .append("rateBps", segment.rateBps())
                .append("days", segment.days())
                .append("dailyAmountMinor", segment.dailyAmountMinor())
                .append("amountMinor", segment.amountMinor());
    }

    private static Document correction(PenaltyCorrection correction) {
        return new Document("from", correction.from().toString())
                .append("to", correction.to().toString())
                .append("days", correction.days())
                .append("postedBaseMinor", correction.postedBaseMinor())
                .append("postedMinor", correction.postedMinor())
                .append("recomputedBaseMinor", correction.recomputedBaseMinor())
                .append("recomputedMinor", correction.recomputedMinor());
    }
}
