package io.arrears.infra.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.arrears.infra.store.StoreProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiKeyProperties.class)
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    public ApiKeys apiKeys(ApiKeyProperties properties, StoreProperties store) {
        if (store.embedded()) {
            log.warn("Embedded default: the development API keys {} are accepted. Never expose this node.",
                    ApiKeys.DEVELOPMENT_KEYS.keySet());
        }
        return new ApiKeys(properties.apiKeys(), store.embedded());
    }

    @Bean
    public FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ApiKeys apiKeys, ObjectMapper objectMapper) {
        FilterRegistrationBean<ApiKeyFilter> registration =
                new FilterRegistrationBean<>(new ApiKeyFilter(apiKeys, objectMapper));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns("/api/*");
        return registration;
    }
}
