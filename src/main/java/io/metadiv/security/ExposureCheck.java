package io.metadiv.security;

import io.metadiv.job.Roles;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Refuses to start a process that would serve the API without keys where others can reach it or its data: on an
 * external database ({@code spring.datasource.url}), or listening on more than loopback ({@code server.address}
 * unset or not a loopback address). Runs before any bean (registered in {@code META-INF/spring.factories}), so the
 * refusal is the first and only error. A worker-only process serves no API and may run without keys anywhere.
 */
public final class ExposureCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        Environment env = event.getEnvironment();
        if (event.getSpringApplication().getWebApplicationType() == WebApplicationType.NONE
                || env.getProperty(SecurityProperties.KEYS_ENABLED, Boolean.class, false)) {
            return;
        }
        Roles roles = Roles.of(env.getProperty(Roles.PROPERTY, "api,worker"));
        List<String> exposures = exposures(env);
        if (roles.api() && !exposures.isEmpty()) {
            throw new IllegalStateException("Refusing to start: this process serves the API (" + Roles.PROPERTY + "="
                    + roles + ") without keys (" + SecurityProperties.KEYS_ENABLED + "=false) on "
                    + String.join(" and ", exposures) + ", so anyone who reaches it could change and delete "
                    + "everything. Set METADIV_KEYS_ENABLED=true and METADIV_BOOTSTRAP_ADMIN_KEY=\"$(openssl rand "
                    + "-base64 32)\" (README: Keys and roles). Without keys only the embedded database bound to "
                    + "127.0.0.1 runs open.");
        }
    }

    /** Why others could reach this process or its data; empty for the embedded database on loopback. */
    static List<String> exposures(Environment env) {
        List<String> exposures = new ArrayList<>();
        if (!env.getProperty("spring.datasource.url", "").isBlank()) {
            // the URL itself is not repeated: it may carry a password
            exposures.add("an external database (spring.datasource.url is set)");
        }
        String address = env.getProperty("server.address", "").strip();
        if (address.isEmpty()) {
            exposures.add("every network interface (server.address is not set)");
        } else if (!loopback(address)) {
            exposures.add("server.address=" + address + ", not a loopback address");
        }
        return exposures;
    }

    private static boolean loopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
