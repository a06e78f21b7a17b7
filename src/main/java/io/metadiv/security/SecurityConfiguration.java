package io.metadiv.security;

import io.metadiv.job.Roles;
import io.metadiv.web.Caller;
import java.time.Duration;
import java.util.List;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * The one filter chain: stateless (no session, no cookie, so no CSRF token either: a browser never adds the key
 * header by itself), the key read by a generic {@link AuthenticationFilter} ({@link ApiKeyConverter} and
 * {@link ApiKeyAuthenticationProvider}), access decided by {@link AccessRules}, every refusal a problem
 * ({@link SecurityProblems}), Spring Security's default headers, CORS only for configured origins.
 *
 * <p>The filter keeps the caller in a request attribute ({@link RequestAttributeSecurityContextRepository}), where
 * the async dispatch of a Server-Sent Events stream finds it again; a filter that only set the
 * {@code SecurityContextHolder} would lose it there. With keys disabled the same chain runs, and every caller is an
 * admin.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties({SecurityProperties.class, CorsProperties.class})
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    private static final Duration CORS_MAX_AGE = Duration.ofHours(1);

    /** Spring Security's filter chain takes it from the context: a URL its firewall refuses is a 400 problem. */
    @Bean
    RequestRejectedHandler refusedUrls() {
        return new SecurityProblems();
    }

    /**
     * Tomcat refuses an encoded {@code /} itself, with its HTML error page, before the firewall sees it; passed
     * through (and an encoded {@code \} too), the firewall refuses it like the other URLs, as a problem.
     */
    @Bean
    TomcatConnectorCustomizer encodedSlashesToTheFirewall() {
        return connector -> {
            connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
            connector.setEncodedReverseSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
        };
    }

    @Bean
    SecurityFilterChain apiKeySecurity(HttpSecurity http, SecurityProperties properties, CorsProperties cors,
            ApiKeys keys, Roles roles, Environment env) throws Exception {
        SecurityProblems problems = new SecurityProblems();
        SecurityContextRepository contexts = new RequestAttributeSecurityContextRepository();
        AuthenticationFilter keyFilter = properties.keysEnabled()
                ? new AuthenticationFilter(new ProviderManager(new ApiKeyAuthenticationProvider(keys)),
                        new ApiKeyConverter())
                : openAccess(roles, env);
        keyFilter.setSecurityContextRepository(contexts);
        keyFilter.setSuccessHandler((request, response, authentication) -> {
            // go on with the request (the default handler would redirect, as after a login form), which the limits
            // per key count under its key
            if (authentication.getPrincipal() instanceof ApiKey key) {
                Caller.keyIs(request, key.id());
            }
        });
        keyFilter.setFailureHandler(problems);
        http.securityContext(context -> context.securityContextRepository(contexts))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .addFilterAt(keyFilter, UsernamePasswordAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests.anyRequest().access(new AccessRules()))
                .exceptionHandling(refusals -> refusals.authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems));
        if (cors.allowedOrigins().isEmpty()) {
            http.cors(AbstractHttpConfigurer::disable);
        } else {
            http.cors(c -> c.configurationSource(corsSource(cors.allowedOrigins())));
        }
        return http.build();
    }

    /** Keys disabled: every request is an admin's (allowed by {@link ExposureCheck} only where nobody else reaches). */
    private static AuthenticationFilter openAccess(Roles roles, Environment env) {
        List<String> exposures = ExposureCheck.exposures(env);
        log.warn("OPEN ACCESS: {}=false, so every caller may do everything, deletes included, with no key. {}",
                SecurityProperties.KEYS_ENABLED, roles.api()
                        ? "Allowed because this process runs on the embedded database and listens on "
                                + env.getProperty("server.address") + " only; set METADIV_KEYS_ENABLED=true before "
                                + "exposing it (README: Keys and roles)."
                        : "This worker-only process serves only /actuator (health details included), on "
                                + (exposures.isEmpty() ? "loopback" : String.join(" and ", exposures)) + ".");
        AuthenticationManager everyoneIsAdmin = authentication -> authentication;
        AuthenticationConverter open = request -> ApiKeyAuthentication.open();
        return new AuthenticationFilter(everyoneIsAdmin, open);
    }

    private static UrlBasedCorsConfigurationSource corsSource(List<String> origins) {
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(origins);
        config.setAllowedMethods(List.of("GET", "HEAD", "POST", "DELETE", "OPTIONS"));
        config.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, ApiKeyConverter.HEADER, HttpHeaders.CONTENT_TYPE,
                "Last-Event-ID"));
        config.setExposedHeaders(List.of(HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER,
                HttpHeaders.WWW_AUTHENTICATE));
        config.setMaxAge(CORS_MAX_AGE);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", config);
        return source;
    }
}
