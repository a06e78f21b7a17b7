package io.metadiv;

import io.metadiv.security.KeyCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

/**
 * Entry point: runs the API, the workers, or both ({@code metadiv.roles}); or, with {@code create-admin-key} or
 * {@code revoke-key} as the first argument, that one command ({@link KeyCommand}) and exits.
 */
// No users and passwords (Boot would make one, logging its generated password): callers are API keys.
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
public class MetadivApplication {

    public static void main(String[] args) {
        if (KeyCommand.isCommand(args)) {
            System.exit(KeyCommand.run(args));
        }
        SpringApplication.run(MetadivApplication.class, args);
    }
}
