package io.arrears.infra.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.arrears.kernel.account.Identifiers;
import io.arrears.kernel.api.ProblemTypes;
import io.arrears.kernel.audit.Caller;
import io.arrears.kernel.audit.Role;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates {@code X-Api-Key} and checks the endpoint's role before anything else runs: no key or
 * an unknown key is 401, a key without the role is 403. The authenticated {@link Caller} (the
 * {@code X-Actor-Id} header names the person acting, else the key's client) goes on the request.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

    static final String API_KEY_HEADER = "X-Api-Key";
    static final String ACTOR_HEADER = "X-Actor-Id";

    private final ApiKeys apiKeys;
    private final ObjectMapper objectMapper;

    public ApiKeyFilter(ApiKeys apiKeys, ObjectMapper objectMapper) {
        this.apiKeys = apiKeys;
        this.objectMapper = objectMapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Optional<Set<Role>> required = AccessRules.rolesFor(request.getMethod(), path,
                request.getParameterMap().keySet());
        if (required.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiKeys.Client> client = apiKeys.authenticate(request.getHeader(API_KEY_HEADER));
        if (client.isEmpty()) {
            reject(response, HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHENTICATED,
                    "A valid X-Api-Key header is required.");
            return;
        }
        Optional<Role> role = required.get().stream().filter(client.get().roles()::contains).sorted().findFirst();
        if (role.isEmpty()) {
            reject(response, HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN,
                    "This endpoint needs one of the roles " + required.get() + ".");
            return;
        }
        String actor = request.getHeader(ACTOR_HEADER);
        if (actor != null && !Identifiers.isValid(actor)) {
            reject(response, HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION,
                    ACTOR_HEADER + " " + Identifiers.RULE + ".");
            return;
        }
        request.setAttribute(Caller.REQUEST_ATTRIBUTE,
                new Caller(actor == null ? client.get().id() : actor, role.get(), client.get().id()));
        chain.doFilter(request, response);
    }

    private void reject(HttpServletResponse response, HttpStatus status, String type, String detail)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(type));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        objectMapper.writeValue(response.getOutputStream(), problem);
    }
}
