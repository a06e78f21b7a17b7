package io.metadiv.dataset;

import java.io.IOException;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Chooses the blob store: {@code metadiv.blob-store=postgres} (default) or {@code filesystem}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatasetProperties.class)
class DatasetConfiguration {

    @Bean
    @ConditionalOnProperty(name = "metadiv.blob-store", havingValue = "postgres", matchIfMissing = true)
    BlobStore postgresBlobStore(JdbcTemplate jdbc) {
        return new PostgresBlobStore(jdbc);
    }

    @Bean
    @ConditionalOnProperty(name = "metadiv.blob-store", havingValue = "filesystem")
    BlobStore fileSystemBlobStore(@Value("${metadiv.blob-store.dir:./var/blobs}") Path dir) throws IOException {
        return new FileSystemBlobStore(dir);
    }
}
