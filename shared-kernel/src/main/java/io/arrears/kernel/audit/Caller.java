package io.arrears.kernel.audit;

import java.util.Map;
import java.util.Objects;

/**
 * Who sent a request, as authenticated at the edge: the actor (a person or a service), the role the
 * request was allowed under, and the client service whose key it used.
 */
public record Caller(String actorId, Role role, String clientId) {

    /** The request attribute under which the edge leaves the authenticated caller. */
    public static final String REQUEST_ATTRIBUTE = "arrears.caller";

    public Caller {
        Objects.requireNonNull(actorId, "actorId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(clientId, "clientId");
    }

    public Map<String, String> asMetadata() {
        return Map.of(AuditMetadata.ACTOR_ID, actorId, AuditMetadata.ACTOR_ROLE, role.name(),
                AuditMetadata.CLIENT_ID, clientId);
    }
}
