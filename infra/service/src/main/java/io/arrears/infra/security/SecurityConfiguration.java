package io.arrears.infra.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.arrears.infra.mongo.StoreProperties;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import jakarta.servlet.DispatcherType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Spring Security is the only gate. Every request passes the default {@code StrictHttpFirewall}
 * (a {@code ;}, an encoded slash or dot, {@code //} and the like are refused with 400 before any
 * routing), then the API key is authenticated, then {@link EndpointRules} decide on the path as
 * Spring MVC routes it, and everything no rule names is denied. Method security on every
 * controller method is the second lock. Refusals are problem documents: 401 without a valid key,
 * 403 with a key that lacks the role, 400 for a path the firewall refuses.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiKeyProperties.class)
@EnableMethodSecurity
public class SecurityConfiguration {

    static final String API_KEY_HEADER = "X-Api-Key";
    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    public ApiKeys apiKeys(ApiKeyProperties properties, StoreProperties store) {
        if (store.embedded()) {
            log.warn("Embedded default: the development API keys {} are accepted. Never expose this node.",
                    ApiKeys.DEVELOPMENT_KEYS.stream().map(ApiKeys.DevelopmentKey::key).toList());
        }
        return new ApiKeys(properties.apiKeys(), store.embedded());
    }

    /** Also keeps Spring Boot from making a user with a generated password. */
    @Bean
    public ApiKeyAuthenticationProvider apiKeyAuthenticationProvider(ApiKeys apiKeys) {
        return new ApiKeyAuthenticationProvider(apiKeys);
    }

    @Bean
    public EndpointRules endpointRules() {
        return EndpointRules.ledger();
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    public SecurityFilterChain ledgerSecurity(HttpSecurity http, ApiKeyAuthenticationProvider provider,
                                              EndpointRules rules, ObjectMapper objectMapper) throws Exception {
        ProblemResponses problems = new ProblemResponses(objectMapper);
        AuthenticationFilter apiKeyFilter = new AuthenticationFilter(new ProviderManager(provider), request -> {
            String key = request.getHeader(API_KEY_HEADER);
            return key == null ? null : ApiKeyAuthentication.presented(key);
        });
        // A key is checked on every request and nothing is remembered between requests.
        apiKeyFilter.setSuccessHandler((request, response, authentication) -> { });
        apiKeyFilter.setFailureHandler((request, response, failure) -> problems.unauthenticated(response));
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(apiKeyFilter, AnonymousAuthenticationFilter.class)
                .addFilterAfter(new CallerFilter(rules, problems), AuthorizationFilter.class)
                .authorizeHttpRequests(authorize -> {
                    // An error page or the rest of a streamed answer belongs to a request already decided.
                    authorize.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll();
                    rules.authorize(authorize);
                })
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint((request, response, e) -> problems.unauthenticated(response))
                        .accessDeniedHandler((request, response, e) -> {
                            java.util.Set<io.arrears.kernel.audit.Role> roles = rules.rolesFor(request);
                            problems.forbidden(response, roles.isEmpty() ? "No key may make this request."
                                    : "This request needs one of the roles " + roles + ".");
                        }))
                .build();
    }

    /** The API document tells its readers how to authenticate: an X-Api-Key header on every operation. */
    @Bean
    public OpenAPI apiKeyDocumentation() {
        return new OpenAPI()
                .info(new Info().title("Arrears").version("v1")
                        .description("An event-sourced collections ledger. Every operation needs an X-Api-Key whose "
                                + "roles allow it (each summary names them); see docs/API.md."))
                .components(new Components().addSecuritySchemes("apiKey", new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name(API_KEY_HEADER)))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }

    /** Requests the firewall refuses get a problem document, not the container's error page. */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    public RequestRejectedHandler requestRejectedHandler(ObjectMapper objectMapper) {
        ProblemResponses problems = new ProblemResponses(objectMapper);
        return (request, response, rejected) -> problems.badRequest(response,
                "The request was refused before it reached the ledger: its path or form is not acceptable.");
    }
}
