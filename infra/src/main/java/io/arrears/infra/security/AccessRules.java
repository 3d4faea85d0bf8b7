package io.arrears.infra.security;

import io.arrears.kernel.audit.Role;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Which roles each endpoint of API.md needs. A path under /api/ that no rule names needs any valid key. */
final class AccessRules {

    private static final Set<Role> ANY = EnumSet.allOf(Role.class);
    private static final String SEGMENT = "[^/]+";
    private static final String ACCOUNT = "/api/v1/accounts/" + SEGMENT;

    private record Rule(String method, Pattern path, String query, Set<Role> roles) {
    }

    private static final List<Rule> RULES = List.of(
            rule("POST", "/api/v1/accounts", Role.SERVICE),
            rule("POST", ACCOUNT + "/payments", Role.SERVICE),
            rule("POST", ACCOUNT + "/payments/" + SEGMENT + "/reversal", Role.SERVICE),
            rule("POST", ACCOUNT + "/accruals", Role.SERVICE),
            rule("POST", ACCOUNT + "/contacts", Role.COLLECTOR),
            rule("POST", ACCOUNT + "/promises", Role.COLLECTOR),
            rule("POST", ACCOUNT + "/plans", Role.COLLECTOR),
            rule("POST", ACCOUNT + "/bureau-reports", Role.SUPERVISOR),
            rule("POST", ACCOUNT + "/legal-actions", Role.SUPERVISOR),
            rule("POST", ACCOUNT + "/escalations", Role.SUPERVISOR),
            new Rule("POST", Pattern.compile(ACCOUNT + "/cease-contact"), null,
                    EnumSet.of(Role.COLLECTOR, Role.SERVICE)),
            rule("POST", ACCOUNT + "/waivers", Role.SUPERVISOR),
            rule("POST", ACCOUNT + "/disputes", Role.SUPERVISOR),
            rule("POST", ACCOUNT + "/disputes/" + SEGMENT + "/resolution", Role.SUPERVISOR),
            rule("POST", ACCOUNT + "/write-off", Role.SUPERVISOR),
            rule("POST", ACCOUNT + "/erasure", Role.SUPERVISOR),
            new Rule("POST", Pattern.compile("/api/v1/accrual-runs"), null, EnumSet.of(Role.SERVICE, Role.SUPERVISOR)),
            new Rule("GET", Pattern.compile("/api/v1/reconciliation"), null, EnumSet.of(Role.AUDITOR, Role.SUPERVISOR)),
            new Rule("GET", Pattern.compile("/api/v1/reports/.*"), null, EnumSet.of(Role.AUDITOR, Role.SUPERVISOR)),
            new Rule("GET", Pattern.compile(ACCOUNT), "asOfRecorded", EnumSet.of(Role.AUDITOR)),
            new Rule("GET", Pattern.compile(ACCOUNT), "asOfValueDate", EnumSet.of(Role.AUDITOR)),
            rule("GET", ACCOUNT + "/events", Role.AUDITOR),
            rule("GET", ACCOUNT + "/contact-permission", Role.COLLECTOR),
            new Rule("POST", Pattern.compile("/api/v1/audit/projections/" + SEGMENT + "/rebuild"), null,
                    EnumSet.of(Role.SUPERVISOR)),
            new Rule("GET", Pattern.compile("/api/v1/audit/.*"), null, EnumSet.of(Role.AUDITOR)));

    private AccessRules() {
    }

    private static Rule rule(String method, String path, Role role) {
        return new Rule(method, Pattern.compile(path), null, EnumSet.of(role));
    }

    /** The roles that may call this endpoint; empty for paths outside the API, which need no key. */
    static Optional<Set<Role>> rolesFor(String method, String path, Set<String> queryParameters) {
        if (!path.startsWith("/api/")) {
            return Optional.empty();
        }
        for (Rule rule : RULES) {
            if (rule.method().equals(method) && rule.path().matcher(path).matches()
                    && (rule.query() == null || queryParameters.contains(rule.query()))) {
                return Optional.of(rule.roles());
            }
        }
        return Optional.of(ANY);
    }
}
