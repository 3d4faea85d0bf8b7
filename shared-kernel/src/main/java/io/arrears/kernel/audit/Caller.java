package io.arrears.kernel.audit;

import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who sent a request, as authenticated at the edge: the actor (a person or a service), the role the
 * request was allowed under, the client service whose key it used, and every role that key holds
 * (what the caller may see can depend on a role the endpoint did not need).
 */
public record Caller(String actorId, Role role, String clientId, Set<Role> keyRoles) {

    /** The request attribute under which the edge leaves the authenticated caller. */
    public static final String REQUEST_ATTRIBUTE = "arrears.caller";

    public Caller {
        Objects.requireNonNull(actorId, "actorId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(clientId, "clientId");
        keyRoles = Set.copyOf(keyRoles);
        if (!keyRoles.contains(role)) {
            throw new IllegalArgumentException("a caller acts under a role its key holds, not " + role);
        }
    }

    /** A caller whose key holds one role: the ledger's own jobs. */
    public Caller(String actorId, Role role, String clientId) {
        this(actorId, role, clientId, EnumSet.of(role));
    }

    public boolean holdsAny(Set<Role> roles) {
        return roles.stream().anyMatch(keyRoles::contains);
    }

    public Map<String, String> asMetadata() {
        return Map.of(AuditMetadata.ACTOR_ID, actorId, AuditMetadata.ACTOR_ROLE, role.name(),
                AuditMetadata.CLIENT_ID, clientId);
    }
}
