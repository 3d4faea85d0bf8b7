package io.arrears.infra.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.arrears.infra.ArrearsApplication;
import io.arrears.infra.audit.AuditController;
import io.arrears.kernel.audit.Role;
import org.aopalliance.intercept.MethodInvocation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.method.PreAuthorizeAuthorizationManager;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.util.SimpleMethodInvocation;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.NameValueExpression;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.arrears.kernel.audit.Role.AUDITOR;
import static io.arrears.kernel.audit.Role.COLLECTOR;
import static io.arrears.kernel.audit.Role.METRICS;
import static io.arrears.kernel.audit.Role.SERVICE;
import static io.arrears.kernel.audit.Role.SUPERVISOR;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every operation of {@code /v3/api-docs}, called by every kind of caller, on its plain path and on
 * each spelling that once read one way to the gate and another to the router: a {@code ;parameter}
 * in each segment, a percent-encoded letter in each segment, a trailing slash, a double slash, the
 * path in upper case, and the methods HEAD and OPTIONS. A caller without the role gets 401, 403 or
 * 400, a caller with it gets through, and nothing answers 5xx. The roles are API.md's, written out
 * below apart from the rules under test.
 */
@SpringBootTest(classes = ArrearsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"arrears.store.embedded-backend=memory", "axoniq.update-checker.disabled=true",
                "spring.application.name=access-matrix"})
class AccessMatrixHttpTest {

    private static final Set<Role> ANY = EnumSet.of(SERVICE, COLLECTOR, SUPERVISOR, AUDITOR);
    private static final String ACCOUNT = "MATRIX-1";

    /** Who may call each operation: "METHOD path", with "?parameter" where a query parameter decides. */
    private static final Map<String, Set<Role>> ALLOWED = Map.ofEntries(
            entry("POST /api/v1/accounts", EnumSet.of(SERVICE)),
            entry("POST /api/v1/accounts/{accountId}/payments", EnumSet.of(SERVICE)),
            entry("POST /api/v1/accounts/{accountId}/payments/{paymentId}/reversal", EnumSet.of(SERVICE)),
            entry("POST /api/v1/accounts/{accountId}/accruals", EnumSet.of(SERVICE)),
            entry("POST /api/v1/accounts/{accountId}/contacts", EnumSet.of(COLLECTOR)),
            entry("GET /api/v1/accounts/{accountId}/contact-permission", EnumSet.of(COLLECTOR)),
            entry("POST /api/v1/accounts/{accountId}/cease-contact", EnumSet.of(COLLECTOR, SERVICE)),
            entry("POST /api/v1/accounts/{accountId}/promises", EnumSet.of(COLLECTOR)),
            entry("POST /api/v1/accounts/{accountId}/plans", EnumSet.of(COLLECTOR)),
            entry("POST /api/v1/accounts/{accountId}/escalations", EnumSet.of(SUPERVISOR)),
            entry("POST /api/v1/accounts/{accountId}/waivers", EnumSet.of(SUPERVISOR)),
            entry("POST /api/v1/accounts/{accountId}/disputes", EnumSet.of(SUPERVISOR)),
            entry("POST /api/v1/accounts/{accountId}/disputes/{disputeId}/resolution", EnumSet.of(SUPERVISOR)),
            entry("POST /api/v1/accounts/{accountId}/write-off", EnumSet.of(SUPERVISOR)),
            entry("POST /api/v1/accounts/{accountId}/bureau-reports", EnumSet.of(SUPERVISOR)),
            entry("POST /api/v1/accounts/{accountId}/legal-actions", EnumSet.of(SUPERVISOR)),
            entry("POST /api/v1/accounts/{accountId}/erasure", EnumSet.of(SUPERVISOR)),
            entry("GET /api/v1/accounts/{accountId}", ANY),
            entry("GET /api/v1/accounts/{accountId}?asOfRecorded", EnumSet.of(AUDITOR)),
            entry("GET /api/v1/accounts/{accountId}?asOfValueDate", EnumSet.of(AUDITOR)),
            entry("GET /api/v1/accounts/{accountId}/penalties", ANY),
            entry("GET /api/v1/accounts/{accountId}/events", EnumSet.of(AUDITOR)),
            entry("GET /api/v1/reports/aging", EnumSet.of(SUPERVISOR, AUDITOR)),
            entry("GET /api/v1/reports/roll-rates", EnumSet.of(SUPERVISOR, AUDITOR)),
            entry("GET /api/v1/reports/performance", EnumSet.of(SUPERVISOR, AUDITOR)),
            entry("GET /api/v1/reports/contacts", EnumSet.of(SUPERVISOR, AUDITOR)),
            entry("GET /api/v1/reconciliation", EnumSet.of(SUPERVISOR, AUDITOR)),
            entry("POST /api/v1/accrual-runs", EnumSet.of(SERVICE, SUPERVISOR)),
            entry("GET /api/v1/accrual-runs/{asOf}", EnumSet.of(SERVICE, SUPERVISOR, AUDITOR)),
            entry("POST /api/v1/audit/projections/{processor}/rebuild", EnumSet.of(SUPERVISOR)),
            entry("GET /api/v1/audit/rebuild-check", EnumSet.of(AUDITOR)),
            entry("GET /api/v1/audit/checksums", EnumSet.of(AUDITOR)),
            entry("GET /api/v1/audit/verify", EnumSet.of(AUDITOR)),
            entry("GET /api/v1/audit/events", EnumSet.of(AUDITOR)),
            entry("GET /api/v1/audit/export", EnumSet.of(AUDITOR)),
            entry("GET /api/v1/audit/personal-data-access", EnumSet.of(AUDITOR)),
            entry("GET /api/v1/audit/anchors", EnumSet.of(AUDITOR)));

    /**
     * Path variables: an account that exists, ids that need not, and a projection that does not, so
     * that a supervisor's call is refused as bad input instead of rebuilding.
     */
    private static final Map<String, String> PATH_VALUES = Map.of("accountId", ACCOUNT, "paymentId", "PAY-1",
            "disputeId", "D-1", "processor", "no-such-projection", "asOf", "2026-03-10");
    private static final Map<String, String> PARAMETER_VALUES = Map.of(
            "asOfRecorded", "2030-01-01T00:00:00Z", "asOfValueDate", "2026-03-05");

    private record Caller(String name, String key, Set<Role> roles) {
    }

    private static final List<Caller> CALLERS = List.of(
            new Caller("no key", null, Set.of()),
            new Caller("unknown key", "not-a-key-of-this-ledger", Set.of()),
            new Caller("service", "dev-service-key", EnumSet.of(SERVICE)),
            new Caller("collector", "dev-collector-key", EnumSet.of(COLLECTOR)),
            new Caller("supervisor", "dev-supervisor-key", EnumSet.of(SUPERVISOR, COLLECTOR)),
            new Caller("auditor", "dev-auditor-key", EnumSet.of(AUDITOR)),
            new Caller("metrics", "dev-metrics-key", EnumSet.of(METRICS)));

    /** How a spelling is meant to be read: routed as written, refused by the firewall, or no route at all. */
    private enum Reading { ROUTED, REFUSED, UNROUTED }

    private record Spelling(String name, String method, String path, Reading reading) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    @BeforeAll
    static void openTheAccount(@Autowired ApplicationContext context) throws Exception {
        int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        String opening = """
                {"accountId":"%s","borrowerId":"B-M","product":"HUABEI","currency":"CNY","dueDate":"2026-03-01",
                 "principal":"100.00","terms":{"penaltyRateBpsPerDay":5,"graceDays":3},
                 "borrower":{"name":"M","timezone":"Asia/Shanghai"}}""".formatted(ACCOUNT);
        HttpResponse<String> opened = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/accounts")).header("X-Api-Key", "dev-service-key")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(opening)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
    }

    @Test
    void theTableNamesEveryOperationOfTheApiDocumentAndNoOther() throws Exception {
        Set<String> documented = new TreeSet<>(operations().keySet());
        Set<String> tabled = new TreeSet<>();
        ALLOWED.keySet().forEach(key -> tabled.add(key.replaceAll("\\?.*", "")));
        assertThat(documented).isEqualTo(tabled);
    }

    @Test
    void everyCallerOnEverySpellingOfEveryOperationIsAnsweredAsItsRolesAllow() throws Exception {
        List<String> failures = new ArrayList<>();
        int requests = 0;
        for (Map.Entry<String, Set<Role>> operation : ALLOWED.entrySet()) {
            String[] methodAndPath = operation.getKey().split(" ", 2);
            String method = methodAndPath[0];
            String[] pathAndParameter = methodAndPath[1].split("\\?", 2);
            String path = concrete(pathAndParameter[0]);
            String query = pathAndParameter.length == 1 ? ""
                    : "?" + pathAndParameter[1] + "=" + PARAMETER_VALUES.get(pathAndParameter[1]);
            for (Spelling spelling : spellings(method, path)) {
                for (Caller caller : CALLERS) {
                    Set<Role> allowed = spelling.reading() == Reading.ROUTED ? operation.getValue() : Set.of();
                    String failure = check(spelling, query, caller, allowed);
                    requests++;
                    if (failure != null) {
                        failures.add(operation.getKey() + " as " + spelling.name() + " by " + caller.name() + ": "
                                + failure);
                    }
                }
            }
        }
        assertThat(failures).as(failures.size() + " of " + requests + " requests").isEmpty();
        assertThat(requests).isGreaterThan(ALLOWED.size() * CALLERS.size() * 10);
    }

    /** The second lock: each controller method's {@code @PreAuthorize} allows exactly the table's roles. */
    @Test
    void methodSecurityOnEveryControllerMethodNamesTheTablesRoles() {
        RequestMappingHandlerMapping mapping = context.getBean("requestMappingHandlerMapping",
                RequestMappingHandlerMapping.class);
        PreAuthorizeAuthorizationManager preAuthorize = new PreAuthorizeAuthorizationManager();
        Set<String> checked = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> handler : mapping.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = handler.getKey();
            String pattern = info.getPathPatternsCondition().getPatternValues().iterator().next();
            if (!pattern.startsWith("/api/")) {
                continue;
            }
            String parameter = info.getParamsCondition().getExpressions().stream().filter(e -> !e.isNegated())
                    .map(NameValueExpression::getName).findFirst().map(name -> "?" + name).orElse("");
            String key = info.getMethodsCondition().getMethods().iterator().next() + " " + pattern + parameter;
            HandlerMethod method = handler.getValue().createWithResolvedBean();
            MethodInvocation invocation = new SimpleMethodInvocation(method.getBean(), method.getMethod());
            Set<Role> granted = EnumSet.noneOf(Role.class);
            for (Role role : Role.values()) {
                AuthorizationResult result = preAuthorize.authorize(
                        () -> new TestingAuthenticationToken("key", null, "ROLE_" + role.name()), invocation);
                if (result == null || result.isGranted()) {
                    granted.add(role);
                }
            }
            assertThat(granted).as(key).isEqualTo(ALLOWED.get(key));
            checked.add(key);
        }
        assertThat(checked).isEqualTo(new TreeSet<>(ALLOWED.keySet()));
    }

    /** Method security is live on the controllers, not only declared: a wrong role is refused inside. */
    @Test
    void theControllersThemselvesRefuseACallerWithoutTheRole() {
        context.getBeansWithAnnotation(RestController.class).forEach((name, bean) -> {
            if (AopUtils.getTargetClass(bean).getPackageName().startsWith("io.arrears")) {
                assertThat(AopUtils.isAopProxy(bean)).as(name + " is guarded by method security").isTrue();
            }
        });
        AuditController audit = context.getBean(AuditController.class);
        try {
            SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("key", null,
                    "ROLE_SERVICE"));
            assertThatThrownBy(audit::checksums).isInstanceOf(AccessDeniedException.class);
            SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("key", null,
                    "ROLE_AUDITOR"));
            assertThat(audit.checksums()).isNotEmpty();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private String check(Spelling spelling, String query, Caller caller, Set<Role> allowed) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + spelling.path()
                + query)).timeout(Duration.ofSeconds(60));
        request.method(spelling.method(), spelling.method().equals("POST")
                ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (spelling.method().equals("POST")) {
            request.header("Content-Type", "application/json");
        }
        if (caller.key() != null) {
            request.header("X-Api-Key", caller.key());
        }
        HttpResponse<String> response = send(request.build());
        int status = response.statusCode();
        if (status >= 500) {
            return status + " " + response.body();
        }
        boolean hasRole = allowed.stream().anyMatch(caller.roles()::contains);
        int expected;
        if (spelling.reading() == Reading.REFUSED) {
            expected = 400;
        } else if (caller.roles().isEmpty()) {
            expected = 401;
        } else if (!hasRole) {
            expected = 403;
        } else {
            return status == 401 || status == 403 ? status + " for a caller with the role: " + response.body() : null;
        }
        if (status != expected) {
            return status + " where " + expected + " was due: " + response.body();
        }
        if (!spelling.method().equals("HEAD")
                && !response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            return status + " without a problem document: " + response.headers().map();
        }
        return null;
    }

    private static List<Spelling> spellings(String method, String path) {
        List<Spelling> spellings = new ArrayList<>();
        spellings.add(new Spelling("plain", method, path, Reading.ROUTED));
        String[] segments = path.substring(1).split("/");
        for (int i = 0; i < segments.length; i++) {
            spellings.add(new Spelling(";x=1 after segment " + i, method, withSegment(segments, i, segments[i] + ";x=1"),
                    Reading.REFUSED));
            Matcher letter = Pattern.compile("[A-Za-z]").matcher(segments[i]);
            if (letter.find()) {
                String encoded = segments[i].substring(0, letter.start())
                        + "%%%02X".formatted((int) letter.group().charAt(0)) + segments[i].substring(letter.end());
                spellings.add(new Spelling("encoded letter in segment " + i, method,
                        withSegment(segments, i, encoded), Reading.ROUTED));
            }
        }
        spellings.add(new Spelling("trailing slash", method, path + "/", Reading.UNROUTED));
        spellings.add(new Spelling("double slash", method, path.replaceFirst("/v1/", "//v1/"), Reading.REFUSED));
        spellings.add(new Spelling("upper case", method, path.toUpperCase(Locale.ROOT), Reading.UNROUTED));
        spellings.add(new Spelling("HEAD", "HEAD", path, method.equals("GET") ? Reading.ROUTED : Reading.UNROUTED));
        spellings.add(new Spelling("OPTIONS", "OPTIONS", path, Reading.UNROUTED));
        return spellings;
    }

    private static String withSegment(String[] segments, int index, String replacement) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            path.append('/').append(i == index ? replacement : segments[i]);
        }
        return path.toString();
    }

    private static String concrete(String template) {
        Matcher variable = Pattern.compile("\\{([^}]+)}").matcher(template);
        StringBuilder path = new StringBuilder();
        while (variable.find()) {
            variable.appendReplacement(path, PATH_VALUES.get(variable.group(1)));
        }
        variable.appendTail(path);
        return path.toString();
    }

    /** The operations of the published API document, as "METHOD path". */
    private Map<String, JsonNode> operations() throws Exception {
        HttpResponse<String> document = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/v3/api-docs")).GET().build());
        assertThat(document.statusCode()).isEqualTo(200);
        Map<String, JsonNode> operations = new java.util.TreeMap<>();
        JsonNode paths = JSON.readTree(document.body()).get("paths");
        for (Iterator<Map.Entry<String, JsonNode>> path = paths.properties().iterator(); path.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = path.next();
            for (Iterator<Map.Entry<String, JsonNode>> op = entry.getValue().properties().iterator(); op.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = op.next();
                operations.put(operation.getKey().toUpperCase(Locale.ROOT) + " " + entry.getKey(), operation.getValue());
            }
        }
        return operations;
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
