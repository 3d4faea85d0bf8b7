package io.arrears.query.report;

import com.mongodb.client.MongoDatabase;

import java.time.LocalDate;
import java.time.ZoneId;

/** An account's standing on a date as the reports count it, read from the reports' own documents. */
public final class ReportStandings {

    private ReportStandings() {
    }

    public static ReportAccount.Standing on(MongoDatabase database, String accountId, LocalDate date, ZoneId zone) {
        return ReportAccount.read(database.getCollection(PortfolioReportProjection.COLLECTION), accountId)
                .on(date, zone);
    }
}
