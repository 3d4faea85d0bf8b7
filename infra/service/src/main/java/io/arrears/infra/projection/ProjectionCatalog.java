package io.arrears.infra.projection;

import com.mongodb.client.MongoDatabase;
import io.arrears.infra.eventstore.StoredForm;
import io.arrears.infra.serialization.SerializationConfiguration;
import io.arrears.infra.store.h2.ViewsFile;
import io.arrears.query.account.AccountViewProjection;
import io.arrears.query.audit.AuditTrailProjection;
import io.arrears.query.contact.BorrowerContactsProjection;
import io.arrears.query.penalty.PenaltyLedgerProjection;
import io.arrears.query.report.PortfolioReportProjection;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every projection of the ledger, the one list of them: processing, dead letters, metrics,
 * checksums, rebuilds, copies and the command line's help all read it. A projection class (one with
 * a {@code @ProcessingGroup} in the query side) that is not here fails {@code ProjectionCatalogTest}.
 */
public final class ProjectionCatalog {

    /**
     * One projection.
     *
     * @param processor  its processing group, which names its event processor
     * @param collection the collection it keeps live
     * @param factory    makes one that writes into the collection given (a copy, for rebuilds)
     */
    public record Projection(String processor, String collection, BiFunction<MongoDatabase, String, Object> factory) {

        /** A projection of this kind writing into {@code collection}. */
        public Object into(MongoDatabase database, String collection) {
            return factory.apply(database, collection);
        }
    }

    public static final List<Projection> ALL = List.of(
            new Projection(AccountViewProjection.PROCESSING_GROUP, AccountViewProjection.COLLECTION,
                    AccountViewProjection::new),
            new Projection(PenaltyLedgerProjection.PROCESSING_GROUP, PenaltyLedgerProjection.COLLECTION,
                    PenaltyLedgerProjection::new),
            new Projection(AuditTrailProjection.PROCESSING_GROUP, AuditTrailProjection.COLLECTION,
                    (database, collection) -> new AuditTrailProjection(database, collection,
                            StoredForm.mapper())),
            new Projection(BorrowerContactsProjection.PROCESSING_GROUP, BorrowerContactsProjection.COLLECTION,
                    BorrowerContactsProjection::new),
            new Projection(PortfolioReportProjection.PROCESSING_GROUP, PortfolioReportProjection.COLLECTION,
                    PortfolioReportProjection::new));

    /** Where the processors keep their tracking tokens. */
    public static final String TOKENS = "trackingtokens";

    /**
     * The processors' names, for texts that must be constants (OpenAPI's annotations); a test holds
     * it to {@link #processors()}.
     */
    public static final String NAMES = "account-view, penalty-ledger, audit-trail, borrower-contacts, portfolio-report";

    private ProjectionCatalog() {
    }

    public static List<String> processors() {
        return ALL.stream().map(Projection::processor).toList();
    }

    public static List<String> collections() {
        return ALL.stream().map(Projection::collection).toList();
    }

    /**
     * What the embedded store keeps in its views file, committed apart from the record: every
     * projection's collection and the tokens that say how far each got, which a crash takes back
     * together and the projections then derive again from the events.
     */
    public static ViewsFile viewsFile() {
        return new ViewsFile(Stream.concat(collections().stream(), Stream.of(TOKENS)).collect(Collectors.toSet()));
    }

    public static Optional<Projection> byProcessor(String processor) {
        return ALL.stream().filter(projection -> projection.processor().equals(processor)).findFirst();
    }
}
