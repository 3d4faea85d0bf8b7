package io.arrears.query.report;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** An account's standing on a date as the reports count it, read from the reports' own documents. */
public final class ReportStandings {

    private ReportStandings() {
    }

    public static ReportAccount.Standing on(MongoDatabase database, String accountId, LocalDate date, ZoneId zone) {
        MongoCollection<Document> reports = database.getCollection(PortfolioReportProjection.COLLECTION);
        List<Document> payments = reports.find(Filters.eq(ReportAccount.ACCOUNT, accountId)).into(new ArrayList<>());
        return ReportAccount.fromDocuments(reports.find(Filters.eq("_id", accountId)).first(), payments)
                .on(date, zone);
    }
}
