package io.metadiv;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point: runs the API, the workers, or both ({@code metadiv.roles}). */
@SpringBootApplication
public class MetadivApplication {

    public static void main(String[] args) {
        SpringApplication.run(MetadivApplication.class, args);
    }
}
