package io.arrears.infra.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import io.arrears.infra.api.HttpLedger;
import io.arrears.query.account.AccountViewProjection;
import io.arrears.query.report.ReportAccount;
import io.arrears.query.report.ReportStandings;
import org.bson.Document;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four places an account's standing is read agree on a portfolio: the aggregate (the answer to
 * an accrual already posted), the account view, time travel to the last recorded instant, and, at
 * random value dates, time travel to that date and the reports' standing on it.
 */
final class StandingAgreement {

    private static final String LATEST = "9999-12-31T23:59:59Z";
    private final HttpLedger ledger;

    StandingAgreement(int port) {
        this.ledger = new HttpLedger("http://127.0.0.1:" + port);
    }

    /** @return how many accounts were compared */
    int check(MongoDatabase database, ZoneId ledgerZone, Random random, int datesPerAccount) {
        int accounts = 0;
        for (Document stored : database.getCollection(AccountViewProjection.COLLECTION).find()) {
            String id = stored.getString("_id");
            String path = "/api/v1/accounts/" + id;
            JsonNode view = get(path, HttpLedger.SERVICE);
            JsonNode replayed = get(path + "?asOfRecorded=" + LATEST, HttpLedger.AUDITOR);
            for (String field : new String[]{"status", "stage", "dpd", "accruedThrough", "lastPaymentDate", "balance"}) {
                assertThat(replayed.get(field)).as(id + " " + field + ", time travel to now").isEqualTo(view.get(field));
            }
            JsonNode aggregate = post(path + "/accruals", "{\"asOf\":\"" + view.get("accruedThrough").asText() + "\"}");
            for (String field : new String[]{"stage", "accruedThrough", "balance"}) {
                assertThat(aggregate.get(field)).as(id + " " + field + ", the aggregate").isEqualTo(view.get(field));
            }

            LocalDate start = LocalDate.parse(stored.getString("balancesAsOf"));
            LocalDate end = LocalDate.parse(view.get("accruedThrough").asText());
            for (int i = 0; i < datesPerAccount; i++) {
                LocalDate date = start.plusDays(random.nextInt((int) (end.toEpochDay() - start.toEpochDay()) + 1));
                JsonNode onDate = get(path + "?asOfValueDate=" + date, HttpLedger.AUDITOR);
                ReportAccount.Standing reported = ReportStandings.on(database, id, date, ledgerZone);
                assertThat(onDate.get("stage").asText()).as(id + " stage on " + date)
                        .isEqualTo(reported.stage().name());
                assertThat(onDate.get("dpd").asLong()).as(id + " dpd on " + date).isEqualTo(reported.dpd());
            }
            accounts++;
        }
        return accounts;
    }

    private JsonNode get(String path, String key) {
        return answered(path, ledger.get(path, key));
    }

    private JsonNode post(String path, String body) {
        return answered(path, ledger.post(path, HttpLedger.SERVICE, body));
    }

    private static JsonNode answered(String path, HttpLedger.Response response) {
        assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }
}
