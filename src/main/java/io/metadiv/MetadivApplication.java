package io.metadiv;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

/** Entry point: runs the API, the workers, or both ({@code metadiv.roles}). */
// No users and passwords (Boot would make one, logging its generated password): callers are API keys.
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
public class MetadivApplication {

    public static void main(String[] args) {
        SpringApplication.run(MetadivApplication.class, args);
    }
}
