package io.arrears.infra.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import io.arrears.infra.ArrearsApplication;
import io.arrears.infra.eventstore.CommitSchema;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.arrears.infra.api.HttpLedger.AUDITOR;
import static io.arrears.infra.api.HttpLedger.COLLECTOR;
import static io.arrears.infra.api.HttpLedger.SERVICE;
import static io.arrears.infra.api.HttpLedger.SUPERVISOR;
import static io.arrears.infra.api.HttpLedger.WORKED_EXAMPLE_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated malformed and hostile requests for every command endpoint family and the queries: each
 * field missing, of the wrong type, overflowing, with extra digits, an unknown enum, injection
 * strings, huge and deeply nested bodies, wrong roles. Every one must be answered 4xx with a problem
 * document, never 5xx, and none may write an event.
 */
@SpringBootTest(classes = ArrearsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"arrears.store.embedded-backend=memory", "axoniq.update-checker.disabled=true"})
class HostileInputHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "HOSTILE-1";
    private static final List<Object> HOSTILE_VALUES = List.of(1, -1, 0, Long.MAX_VALUE, 1e308, -1e-308, 12.5,
            true, false, List.of(), List.of(1, 2), Map.of(), Map.of("$gt", ""), "", " ", "\t\n", "x".repeat(100_000),
            "'; DROP TABLE accounts; --", "<script>alert(1)</script>", "{\"$gt\": \"\"}", "$where", "${jndi:ldap://x}",
            "../../etc/passwd", "\u202Egnp.exe", "\u0000", "\r\nX-Injected: 1", "%s%s%n", "😀", "null", "１２.００",
            "NaN", "Infinity", "-0.00", "-1.00", "0.00", "99999999999999999999.99", "92233720368547758.08", "1.001",
            "1.", ".5", "1,00", "2026-02-30", "2026-13-01", "26-03-05", "2026-03-05T25:00:00Z", "+1.00", "1e3",
            "pending", "PHONE; rm -rf /");
    private static final List<String> HOSTILE_IDS = List.of("..%2F..%2Fetc", "a".repeat(300), "%24ne", "HB%00",
            "%7B%22%24gt%22%3A1%7D", "%E2%80%AEevil", "-leading-dash", "with%20space", "%3Cscript%3E");

    @LocalServerPort
    int port;
    @Autowired
    MongoDatabase database;
    private HttpLedger ledger;

    /** An endpoint and a body it accepts, which the generator spoils a field at a time. */
    record Family(String name, String path, String key, Map<String, Object> validBody) {
    }

    @BeforeEach
    void setUp() {
        ledger = new HttpLedger("http://127.0.0.1:" + port);
        if (ledger.get("/api/v1/accounts/" + ACCOUNT, SERVICE).status() == 404) {
            ledger.post("/api/v1/accounts", SERVICE, WORKED_EXAMPLE_ACCOUNT.formatted(ACCOUNT));
        }
    }

    private List<Family> families() {
        String account = "/api/v1/accounts/" + ACCOUNT;
        return List.of(
                new Family("payments", account + "/payments", SERVICE, body("paymentId", "H-PAY-1", "amount",
                        "10.00", "valueDate", "2026-03-05", "channel", "ALIPAY")),
                new Family("reversal", account + "/payments/H-PAY-0/reversal", SERVICE, body("reason", "bounced")),
                new Family("accruals", account + "/accruals", SERVICE, body("asOf", "2026-03-06")),
                new Family("contacts", account + "/contacts", COLLECTOR, body("contactId", "H-C-1", "channel", "PHONE",
                        "direction", "OUTBOUND", "outcome", "NO_ANSWER", "occurredAt", "2026-03-05T02:00:00Z",
                        "agentId", "agent-1", "note", "hostile")),
                new Family("promises", account + "/promises", COLLECTOR, body("promiseId", "H-P-1", "amount", "10.00",
                        "dueDate", "2999-01-01")),
                new Family("escalations", account + "/escalations", SUPERVISOR, body("toStage", "LEGAL", "reason",
                        "x")),
                new Family("waivers", account + "/waivers", SUPERVISOR, body("waiverId", "H-W-1", "component",
                        "FEES", "amount", "1.00", "effectiveDate", "2026-03-05", "reason", "x")),
                new Family("disputes", account + "/disputes", SUPERVISOR, body("disputeId", "H-D-1", "raisedOn",
                        "2999-03-05", "reason", "x")),
                new Family("resolution", account + "/disputes/H-D-0/resolution", SUPERVISOR, body("resolvedOn",
                        "2026-03-05", "outcome", "UPHELD")),
                new Family("write-off", account + "/write-off", SUPERVISOR, body("date", "2999-03-05", "reason", "x")),
                new Family("cease-contact", account + "/cease-contact", COLLECTOR, body("requestedAt",
                        "2999-03-05T00:00:00Z", "reason", "x")),
                new Family("plans", account + "/plans", COLLECTOR, body("planId", "H-PL-1", "kind", "LUMP_SUM",
                        "instalments", List.of(Map.of("dueDate", "2026-01-01", "amount", "1.00")))),
                new Family("bureau-reports", account + "/bureau-reports", SUPERVISOR, body("bureau", "PBOC",
                        "reference", "H-CR-1")),
                new Family("legal-actions", account + "/legal-actions", SUPERVISOR, body("reference", "H-L-1",
                        "action", "CLAIM", "description", "x")),
                new Family("erasure", account + "/erasure", SUPERVISOR, body("reason", "")),
                new Family("accrual-runs", "/api/v1/accrual-runs", SERVICE, body("asOf", "2999-01-01")),
                new Family("open", "/api/v1/accounts", SERVICE, openBody()));
    }

    /** The worked example's account with a fresh id owing nothing: rejected as it stands. */
    private Map<String, Object> openBody() {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> open = JSON.readValue(WORKED_EXAMPLE_ACCOUNT.formatted("HOSTILE-NEW"), Map.class);
            open.put("principal", "0.00");
            open.put("interest", "0.00");
            open.put("fees", "0.00");
            return open;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> body(Object... keysAndValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            body.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return body;
    }

    /**
     * Every spoiled body for a family: each required field missing, each field set to each hostile
     * value it may not hold (plain and wrapped in an array), hostile values smuggled in unknown
     * fields, and bodies that are not the JSON object asked for.
     */
    private static List<String> spoiled(Family family) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (String field : family.validBody().keySet()) {
            if (!field.equals("note")) {
                Map<String, Object> missing = new LinkedHashMap<>(family.validBody());
                missing.remove(field);
                bodies.add(JSON.writeValueAsString(missing));
            }
            for (Object value : HOSTILE_VALUES) {
                if (acceptable(field, value)) {
                    continue;
                }
                Map<String, Object> changed = new LinkedHashMap<>(family.validBody());
                changed.put(field, value);
                bodies.add(JSON.writeValueAsString(changed));
                changed.put(field, List.of(value));
                bodies.add(JSON.writeValueAsString(changed));
            }
        }
        for (Object value : HOSTILE_VALUES) {
            for (String smuggled : new String[]{"$where", "__proto__"}) {
                Map<String, Object> extra = new LinkedHashMap<>(family.validBody());
                extra.put(smuggled, value);
                bodies.add(JSON.writeValueAsString(extra));
            }
        }
        bodies.add("");
        bodies.add("not json");
        bodies.add("[]");
        bodies.add("null");
        bodies.add("{".repeat(5_000) + "}".repeat(5_000));
        bodies.add("[".repeat(5_000) + "]".repeat(5_000));
        bodies.add("{\"a\":\"" + "y".repeat(5_000_000) + "\"}");
        return bodies;
    }

    private static final java.util.Set<String> ID_FIELDS = java.util.Set.of("channel", "bureau", "reference",
            "action", "agentId");
    private static final java.util.Set<String> TEXT_FIELDS = java.util.Set.of("reason", "note", "description");

    /** A value some requests may rightly carry in this field: an id that is a valid id, any short text. */
    private static boolean acceptable(String field, Object value) {
        if (!(value instanceof String text)) {
            return false;
        }
        boolean idField = field.endsWith("Id") || ID_FIELDS.contains(field);
        if (idField && !field.equals("accountId") && io.arrears.kernel.account.Identifiers.isValid(text)) {
            return true;
        }
        if (field.equals("note")) {
            return text.length() <= 1_000;
        }
        return TEXT_FIELDS.contains(field) && !text.isBlank() && text.length() <= 1_000;
    }

    private long eventsWritten() {
        Document counter = database.getCollection(CommitSchema.COUNTERS).find().first();
        return counter == null ? 0 : ((Number) counter.get("value")).longValue();
    }

    @Test
    void everyCommandFamilyAnswersHostileBodiesWithAProblemAndWritesNothing() throws Exception {
        long before = eventsWritten();
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (Family family : families()) {
            List<String> bodies = spoiled(family);
            int sentBefore = sent;
            for (String body : bodies) {
                HttpLedger.Response response = postRaw(family.path(), family.key(), body);
                sent++;
                check(family.name(), body, response, failures);
            }
            String valid = JSON.writeValueAsString(family.validBody());
            for (String id : HOSTILE_IDS) {
                if (family.path().contains(ACCOUNT)) {
                    check(family.name() + " at " + id, valid, postRaw(family.path().replace(ACCOUNT, id),
                            family.key(), valid), failures);
                    sent++;
                }
            }
            for (String contentType : new String[]{"text/plain", "application/xml", "application/x-www-form-urlencoded",
                    "application/json; charset=EBCDIC"}) {
                check(family.name() + " as " + contentType, valid,
                        ledger.post(family.path(), family.key(), contentType, valid), failures);
                sent++;
            }
            for (String key : new String[]{null, "no-such-key", AUDITOR}) {
                HttpLedger.Response response = postRaw(family.path(), key, JSON.writeValueAsString(family.validBody()));
                sent++;
                if (response.status() != 401 && response.status() != 403) {
                    failures.add(family.name() + " with key " + key + ": " + response.status());
                }
            }
            assertThat(sent - sentBefore).as(family.name() + " requests").isGreaterThanOrEqualTo(100);
        }
        assertThat(failures).as(sent + " requests sent").isEmpty();
        assertThat(eventsWritten()).isEqualTo(before);
    }

    @Test
    void hostileAccountIdsAndQueryParametersAreRefusedNeverAFailure() {
        long before = eventsWritten();
        List<String> failures = new ArrayList<>();
        List<String> ids = HOSTILE_IDS;
        List<String> queries = List.of("", "/events?limit=0", "/events?limit=100000", "/events?limit=abc",
                "/events?afterSequence=abc", "?consistentWith=abc", "?consistentWith=-5", "/penalties?consistentWith=x",
                "/contact-permission?channel=FAX&at=2026-03-05T00:00:00Z", "/contact-permission?channel=PHONE&at=now",
                "/contact-permission", "?asOfRecorded=yesterday", "?asOfValueDate=2026-02-30");
        for (String id : ids) {
            for (String query : queries) {
                String key = query.startsWith("/events") || query.contains("asOf") ? AUDITOR
                        : query.startsWith("/contact-permission") ? COLLECTOR : SERVICE;
                HttpLedger.Response response = ledger.get("/api/v1/accounts/" + id + query, key);
                check("GET " + id + query, "", response, failures);
            }
            check("POST payment " + id, "", postRaw("/api/v1/accounts/" + id + "/payments", SERVICE,
                    "{\"paymentId\":\"P\",\"amount\":\"1.00\",\"valueDate\":\"2026-03-05\",\"channel\":\"X\"}"),
                    failures);
        }
        for (String query : List.of("?format=xml", "?accountId=" + URLEncoder.encode("{\"$gt\":1}",
                StandardCharsets.UTF_8), "?fromPosition=-1", "?fromPosition=abc")) {
            check("export " + query, "", ledger.get("/api/v1/audit/export" + query, AUDITOR), failures);
        }
        for (String query : List.of("?fromPosition=5&toPosition=1", "?fromPosition=0&toPosition=5000",
                "?fromPosition=x")) {
            check("events " + query, "", ledger.get("/api/v1/audit/events" + query, AUDITOR), failures);
        }
        check("verify", "", ledger.get("/api/v1/audit/verify?accountId=%24ne", AUDITOR), failures);
        check("reconciliation", "", ledger.get("/api/v1/reconciliation?limit=0", AUDITOR), failures);
        check("accrual run", "", ledger.get("/api/v1/accrual-runs/2026-02-30", SERVICE), failures);
        assertThat(failures).isEmpty();
        assertThat(eventsWritten()).isEqualTo(before);
    }

    private HttpLedger.Response postRaw(String path, String key, String body) {
        return ledger.post(path, key, body);
    }

    private static void check(String what, String body, HttpLedger.Response response, List<String> failures) {
        int status = response.status();
        String shortBody = body.length() > 120 ? body.substring(0, 120) + "…" : body;
        if (status < 400 || status >= 500) {
            failures.add(what + " " + shortBody + " → " + status + " " + response.raw().body()
                    .substring(0, Math.min(200, response.raw().body().length())));
            return;
        }
        boolean problem = response.raw().headers().firstValue("Content-Type").orElse("")
                .startsWith("application/problem+json");
        JsonNode json = response.body();
        if (!problem || json == null || !json.has("status") || !json.has("title")) {
            failures.add(what + " " + shortBody + " → " + status + " without a problem document");
        }
    }
}
