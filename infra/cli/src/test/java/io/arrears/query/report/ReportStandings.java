package io.arrears.query.report;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;

import java.time.LocalDate;
import java.time.ZoneId;

/** An account's standing on a date as the reports count it, read from the reports' own documents. */
public final class ReportStandings {

    private ReportStandings() {
    }

    public static ReportAccount.Standing on(MongoDatabase database, String accountId, LocalDate date, ZoneId zone) {
        Document stored = database.getCollection(PortfolioReportProjection.COLLECTION)
                .find(Filters.eq("_id", accountId)).first();
        return ReportAccount.fromDocument(stored).on(date, zone);
    }
}
