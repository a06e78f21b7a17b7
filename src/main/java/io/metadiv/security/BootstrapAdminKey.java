package io.metadiv.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * With keys enabled, inserts {@code METADIV_BOOTSTRAP_ADMIN_KEY} as the first admin key, after the migrations and
 * before the server takes requests; says so when no admin key exists at all. The key itself is never logged, nor
 * its prefix (the first characters of a secret an operator chose).
 */
@Component
class BootstrapAdminKey implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdminKey.class);

    private final ApiKeys keys;
    private final SecurityProperties properties;

    BootstrapAdminKey(ApiKeys keys, SecurityProperties properties) {
        this.keys = keys;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!properties.keysEnabled()) {
            return;
        }
        if (properties.bootstrapAdminKey().isBlank()) {
            if (keys.list().stream().noneMatch(k -> k.active() && k.role() == KeyRole.ADMIN)) {
                log.warn("No valid ADMIN key exists and METADIV_BOOTSTRAP_ADMIN_KEY is not set: nobody can create "
                        + "keys (README: Keys and roles)");
            }
            return;
        }
        switch (keys.bootstrap(properties.bootstrapAdminKey())) {
            case INSERTED -> log.info("METADIV_BOOTSTRAP_ADMIN_KEY inserted as the ADMIN key '{}'",
                    ApiKeys.BOOTSTRAP_NAME);
            case PRESENT -> log.info("METADIV_BOOTSTRAP_ADMIN_KEY is a valid key already");
            case REVOKED -> log.warn("METADIV_BOOTSTRAP_ADMIN_KEY was revoked and stays revoked");
            case ADMIN_EXISTS -> log.info("METADIV_BOOTSTRAP_ADMIN_KEY not inserted: an ADMIN key exists already");
        }
    }
}
