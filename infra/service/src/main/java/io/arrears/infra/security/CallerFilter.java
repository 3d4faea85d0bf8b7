package io.arrears.infra.security;

import io.arrears.kernel.account.Identifiers;
import io.arrears.kernel.audit.Caller;
import io.arrears.kernel.audit.Role;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Set;

/**
 * Runs after authorization and leaves the {@link Caller} on the request: the client whose key was
 * accepted, the role the endpoint allowed it under (the first of the endpoint's roles the key
 * holds), and the person acting. Only a key configured to act for people may name that person in
 * {@code X-Actor-Id}; any other key acts as itself, and naming someone else with it is refused.
 */
final class CallerFilter extends OncePerRequestFilter {

    static final String ACTOR_HEADER = "X-Actor-Id";

    private final EndpointRules rules;
    private final ProblemResponses problems;

    CallerFilter(EndpointRules rules, ProblemResponses problems) {
        this.rules = rules;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof ApiKeyAuthentication authentication)
                || authentication.client() == null) {
            chain.doFilter(request, response);
            return;
        }
        ApiKeys.Client client = authentication.client();
        String actor = request.getHeader(ACTOR_HEADER);
        if (actor != null && !client.actsForPeople()) {
            problems.forbidden(response, "The key of " + client.id() + " acts as itself and may not name an actor in "
                    + ACTOR_HEADER + ".");
            return;
        }
        if (actor != null && !Identifiers.isValid(actor)) {
            problems.badRequest(response, ACTOR_HEADER + " " + Identifiers.RULE + ".");
            return;
        }
        Set<Role> endpointRoles = rules.rolesFor(request);
        endpointRoles.stream().filter(client.roles()::contains).sorted().findFirst().ifPresent(role ->
                request.setAttribute(Caller.REQUEST_ATTRIBUTE,
                        new Caller(actor == null ? client.id() : actor, role, client.id(), client.roles())));
        chain.doFilter(request, response);
    }
}
