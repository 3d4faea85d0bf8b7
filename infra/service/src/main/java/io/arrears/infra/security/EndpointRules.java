package io.arrears.infra.security;

import io.arrears.kernel.audit.Role;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static io.arrears.kernel.audit.Role.AUDITOR;
import static io.arrears.kernel.audit.Role.COLLECTOR;
import static io.arrears.kernel.audit.Role.METRICS;
import static io.arrears.kernel.audit.Role.SERVICE;
import static io.arrears.kernel.audit.Role.SUPERVISOR;

/**
 * Who may call what: every endpoint of the ledger, with the roles it needs, matched on the path as
 * Spring MVC routes it (decoded, with the same patterns as the controllers). A request no rule
 * matches is denied, whatever its key. The first matching rule decides, so a rule that needs a
 * query parameter comes before the rule for the same path without it. A GET rule covers HEAD too,
 * which Spring MVC answers with the GET handler; no rule covers OPTIONS.
 *
 * <p>The controllers' {@code @PreAuthorize} annotations name the same roles: a second lock, should
 * a rule and a route ever read a path differently.
 */
public final class EndpointRules {

    /** Any key that acts on accounts ("any" in API.md); a metrics key reads no account. */
    static final Set<Role> ACCOUNT_ROLES = EnumSet.of(SERVICE, COLLECTOR, SUPERVISOR, AUDITOR);
    private static final String ACCOUNTS = "/api/v1/accounts";
    private static final String ACCOUNT = ACCOUNTS + "/{accountId}";

    /** @param roles the roles that may call it; empty for an endpoint open to anyone */
    private record Rule(String description, RequestMatcher matcher, Set<Role> roles) {
    }

    private final List<Rule> rules;

    private EndpointRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Every endpoint of the ledger. */
    public static EndpointRules ledger() {
        Builder rules = new Builder();
        rules.post(ACCOUNTS, SERVICE);
        rules.post(ACCOUNT + "/payments", SERVICE);
        rules.post(ACCOUNT + "/payments/{paymentId}/reversal", SERVICE);
        rules.post(ACCOUNT + "/accruals", SERVICE);
        rules.post(ACCOUNT + "/contacts", COLLECTOR);
        rules.get(ACCOUNT + "/contact-permission", COLLECTOR);
        rules.post(ACCOUNT + "/cease-contact", COLLECTOR, SERVICE);
        rules.post(ACCOUNT + "/promises", COLLECTOR);
        rules.post(ACCOUNT + "/plans", COLLECTOR);
        rules.post(ACCOUNT + "/escalations", SUPERVISOR);
        rules.post(ACCOUNT + "/waivers", SUPERVISOR);
        rules.post(ACCOUNT + "/disputes", SUPERVISOR);
        rules.post(ACCOUNT + "/disputes/{disputeId}/resolution", SUPERVISOR);
        rules.post(ACCOUNT + "/write-off", SUPERVISOR);
        rules.post(ACCOUNT + "/bureau-reports", SUPERVISOR);
        rules.post(ACCOUNT + "/legal-actions", SUPERVISOR);
        rules.post(ACCOUNT + "/erasure", SUPERVISOR);

        rules.getWithParameter(ACCOUNT, "asOfRecorded", AUDITOR);
        rules.getWithParameter(ACCOUNT, "asOfValueDate", AUDITOR);
        rules.get(ACCOUNT, ACCOUNT_ROLES);
        rules.get(ACCOUNT + "/penalties", ACCOUNT_ROLES);
        rules.get(ACCOUNT + "/events", AUDITOR);

        for (String report : List.of("aging", "roll-rates", "performance", "contacts")) {
            rules.get("/api/v1/reports/" + report, AUDITOR, SUPERVISOR);
        }
        rules.get("/api/v1/reconciliation", AUDITOR, SUPERVISOR);
        rules.post("/api/v1/accrual-runs", SERVICE, SUPERVISOR);
        rules.get("/api/v1/accrual-runs/{asOf}", SERVICE, SUPERVISOR, AUDITOR);

        rules.post("/api/v1/audit/projections/{processor}/rebuild", SUPERVISOR);
        for (String audit : List.of("rebuild-check", "checksums", "verify", "events", "export",
                "personal-data-access", "anchors")) {
            rules.get("/api/v1/audit/" + audit, AUDITOR);
        }

        // Liveness and readiness for anyone (the status alone); details, metrics and info with a key.
        for (String probe : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            rules.open(probe);
        }
        rules.get("/actuator/health/**", METRICS);
        rules.get("/actuator/prometheus", METRICS);
        rules.get("/actuator/metrics", METRICS);
        rules.get("/actuator/metrics/{name}", METRICS);
        rules.get("/actuator/info", METRICS);

        // The API's own description: what it accepts, never what it holds.
        rules.open("/v3/api-docs");
        rules.open("/v3/api-docs/**");
        rules.open("/swagger-ui.html");
        rules.open("/swagger-ui/**");
        return new EndpointRules(rules.rules);
    }

    /** Hands every rule to Spring Security, then denies everything else. */
    void authorize(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry registry) {
        for (Rule rule : rules) {
            if (rule.roles().isEmpty()) {
                registry.requestMatchers(rule.matcher()).permitAll();
            } else {
                registry.requestMatchers(rule.matcher())
                        .hasAnyRole(rule.roles().stream().map(Role::name).toArray(String[]::new));
            }
        }
        registry.anyRequest().denyAll();
    }

    /**
     * The roles of the rule that decides this request: empty for an open endpoint or a request no
     * rule allows.
     */
    public Set<Role> rolesFor(HttpServletRequest request) {
        return rules.stream().filter(rule -> rule.matcher().matches(request)).findFirst()
                .map(Rule::roles).orElse(Set.of());
    }

    private static final class Builder {

        private final PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        private final List<Rule> rules = new ArrayList<>();

        void post(String pattern, Role... roles) {
            rules.add(new Rule("POST " + pattern, paths.matcher(HttpMethod.POST, pattern), EnumSet.of(roles[0], roles)));
        }

        void get(String pattern, Role... roles) {
            get(pattern, EnumSet.of(roles[0], roles));
        }

        void get(String pattern, Set<Role> roles) {
            rules.add(new Rule("GET " + pattern, readOf(pattern), Set.copyOf(roles)));
        }

        void getWithParameter(String pattern, String parameter, Role... roles) {
            RequestMatcher withParameter = request -> request.getParameter(parameter) != null;
            rules.add(new Rule("GET " + pattern + "?" + parameter, new AndRequestMatcher(readOf(pattern), withParameter),
                    EnumSet.of(roles[0], roles)));
        }

        void open(String pattern) {
            rules.add(new Rule("GET " + pattern, readOf(pattern), Set.of()));
        }

        private RequestMatcher readOf(String pattern) {
            return new OrRequestMatcher(paths.matcher(HttpMethod.GET, pattern), paths.matcher(HttpMethod.HEAD, pattern));
        }
    }
}
