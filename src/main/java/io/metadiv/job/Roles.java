package io.metadiv.job;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code metadiv.roles}: what this process does. {@code api} serves the REST API (without it only Actuator answers);
 * {@code worker} claims and runs jobs (without it the process never claims one). Default: both.
 */
@Component
public class Roles {

    /** The property. */
    public static final String PROPERTY = "metadiv.roles";
    /** The API role. */
    public static final String API = "api";
    /** The worker role. */
    public static final String WORKER = "worker";

    private final Set<String> roles;

    Roles(@Value("${" + PROPERTY + ":api,worker}") String value) {
        this.roles = new TreeSet<>();
        Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(roles::add);
        Set<String> unknown = new TreeSet<>(roles);
        unknown.removeAll(Set.of(API, WORKER));
        if (roles.isEmpty() || !unknown.isEmpty()) {
            throw new IllegalArgumentException(PROPERTY + " must list api and/or worker (comma-separated), got '"
                    + value + "'");
        }
    }

    /** The roles {@code value} lists, checked as the bean checks them (for code that runs before any bean). */
    public static Roles of(String value) {
        return new Roles(value);
    }

    /** Serves the REST API. */
    public boolean api() {
        return roles.contains(API);
    }

    /** Runs jobs. */
    public boolean worker() {
        return roles.contains(WORKER);
    }

    @Override
    public String toString() {
        return String.join(",", roles);
    }
}
