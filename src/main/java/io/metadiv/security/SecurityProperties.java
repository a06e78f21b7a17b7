package io.metadiv.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code metadiv.security.*}.
 *
 * @param keysEnabled requests need an API key ({@code METADIV_KEYS_ENABLED}); without, every caller may do
 *     everything, which only the embedded database bound to loopback allows
 * @param bootstrapAdminKey a secret of 40 or more characters inserted as the admin key {@code bootstrap-admin} at
 *     start while no admin key exists ({@code METADIV_BOOTSTRAP_ADMIN_KEY}); empty for none
 */
@ConfigurationProperties("metadiv.security")
record SecurityProperties(
        @DefaultValue("false") boolean keysEnabled,
        @DefaultValue("") String bootstrapAdminKey) {

    /** The property that enables keys. */
    static final String KEYS_ENABLED = "metadiv.security.keys-enabled";

    /** Without the bootstrap key. */
    @Override
    public String toString() {
        return "SecurityProperties[keysEnabled=" + keysEnabled + ", bootstrapAdminKey="
                + (bootstrapAdminKey.isEmpty() ? "(none)" : "(secret)") + "]";
    }
}
