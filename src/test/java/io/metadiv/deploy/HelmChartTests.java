package io.metadiv.deploy;

import static io.metadiv.deploy.ChartManifests.FULLNAME;
import static io.metadiv.deploy.ChartManifests.at;
import static io.metadiv.deploy.ChartManifests.selects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The Helm chart lints cleanly and renders api and worker workloads that differ by role: what each pod runs, what
 * reaches it, how it is probed, stopped, disrupted and scaled, and where its secrets come from. Manifests are parsed,
 * not searched as text.
 */
class HelmChartTests {

    private static final List<String> ROLES = List.of("api", "worker");

    @Test
    void chartLintsStrictlyWithoutErrors() {
        LintResult lint = new Helm(ChartManifests.CHART).lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint messages: %s", lint.getMessages()).isFalse();
    }

    @Test
    void defaultsRenderNoDatabaseNoIngressNoAutoscaler() {
        ChartManifests chart = ChartManifests.render("database.password=s3cret");
        assertThat(chart.kinds()).containsExactly("ConfigMap", "Deployment", "Deployment", "PodDisruptionBudget",
                "Secret", "Service");
        assertThat(at(chart.get("ConfigMap", FULLNAME), "data.SPRING_DATASOURCE_URL").toString())
                .startsWith("jdbc:postgresql://");
    }

    @Test
    void onlyApiPodsAreReachableThroughTheServiceAndIngress() {
        ChartManifests chart = ChartManifests.render("ingress.enabled=true", "ingress.host=ml.example.org");
        Map<String, Object> service = chart.get("Service", FULLNAME);
        Map<String, Object> selector = at(service, "spec.selector");
        assertThat(selects(selector, chart.podLabels("api"))).as("Service selects api pods").isTrue();
        assertThat(selects(selector, chart.podLabels("worker"))).as("Service selects worker pods").isFalse();
        assertThat((Object) at(service, "spec.ports.0.targetPort")).isEqualTo(at(chart.container("api"),
                "ports.0.name"));
        Map<String, Object> ingress = chart.get("Ingress", FULLNAME);
        assertThat((Object) at(ingress, "spec.rules.0.host")).isEqualTo("ml.example.org");
        assertThat((Object) at(ingress, "spec.rules.0.http.paths.0.backend.service.name")).isEqualTo(FULLNAME);
        assertThat((Object) at(ingress, "spec.rules.0.http.paths.0.backend.service.port.name"))
                .isEqualTo(at(service, "spec.ports.0.name"));
        // Both Deployments' own selectors pick their pods only.
        for (String role : ROLES) {
            Map<String, Object> own = at(chart.deployment(role), "spec.selector.matchLabels");
            for (String other : ROLES) {
                assertThat(selects(own, chart.podLabels(other))).as("%s selector on %s pods", role, other)
                        .isEqualTo(role.equals(other));
            }
        }
    }

    @Test
    void aReleaseNamedAfterTheChartIsNotNamedTwice() {
        ChartManifests chart = ChartManifests.renderRelease("metadiv");
        assertThat(chart.find("Deployment", "metadiv-api")).isPresent();
        assertThat(chart.find("Deployment", "metadiv-worker")).isPresent();
        assertThat(chart.find("Service", "metadiv")).isPresent();
    }

    @Test
    void imagesAndTagsComeFromValues() throws Exception {
        Map<String, Object> chartYaml = new Yaml().load(Files.readString(ChartManifests.CHART.resolve("Chart.yaml")));
        ChartManifests defaults = ChartManifests.render();
        ChartManifests pinned = ChartManifests.render("image.repository=registry.example.org/ml/metadiv",
                "image.tag=1.4.2", "image.pullPolicy=Always");
        for (String role : ROLES) {
            assertThat((Object) at(defaults.container(role), "image"))
                    .isEqualTo("metadiv:" + chartYaml.get("appVersion"));
            assertThat((Object) at(pinned.container(role), "image")).isEqualTo("registry.example.org/ml/metadiv:1.4.2");
            assertThat((Object) at(pinned.container(role), "imagePullPolicy")).isEqualTo("Always");
        }
    }

    @Test
    void apiPodsServeTheApiWithKeysAndTheBootstrapKeyFromTheSecret() {
        ChartManifests chart = ChartManifests.render("database.password=s3cret", "auth.bootstrapAdminKey=boot-key-1",
                "database.url=jdbc:postgresql://db.internal:5432/ml", "database.username=ml",
                "env.METADIV_QUEUE_CAPACITY=250");
        Map<String, String> api = chart.literalEnv("api");
        assertThat(api).containsEntry("METADIV_ROLES", "api").containsEntry("METADIV_KEYS_ENABLED", "true")
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://db.internal:5432/ml")
                .containsEntry("SPRING_DATASOURCE_USERNAME", "ml").containsEntry("METADIV_QUEUE_CAPACITY", "250")
                .doesNotContainKeys("METADIV_WORKER_SLOTS", "METADIV_SHUTDOWN_MAX_WAIT");
        Map<String, Object> secret = chart.get("Secret", FULLNAME);
        assertThat(chart.secretRef("api", "METADIV_BOOTSTRAP_ADMIN_KEY")).containsExactly(FULLNAME,
                "bootstrap-admin-key");
        assertThat(decoded(secret, "bootstrap-admin-key")).isEqualTo("boot-key-1");
        for (String role : ROLES) {
            assertThat(chart.secretRef(role, "SPRING_DATASOURCE_PASSWORD")).containsExactly(FULLNAME, "password");
        }
        assertThat(decoded(secret, "password")).isEqualTo("s3cret");
    }

    // An upgrade reuses the key the install made (lookup of the release's Secret): that needs a cluster, not tested here.
    @Test
    void withoutAGivenBootstrapKeyTheChartMakesARandomOne() {
        String first = decoded(ChartManifests.render().get("Secret", FULLNAME), "bootstrap-admin-key");
        String second = decoded(ChartManifests.render().get("Secret", FULLNAME), "bootstrap-admin-key");
        assertThat(first).matches("[A-Za-z0-9]{40}").isNotEqualTo(second);
    }

    @Test
    void withKeysOffTheApiGetsNoBootstrapKey() {
        ChartManifests chart = ChartManifests.render("auth.keysEnabled=false");
        assertThat(chart.literalEnv("api")).containsEntry("METADIV_KEYS_ENABLED", "false");
        assertThat(chart.env("api")).doesNotContainKey("METADIV_BOOTSTRAP_ADMIN_KEY");
        assertThat((Map<String, Object>) at(chart.get("Secret", FULLNAME), "data")).containsOnlyKeys("password");
    }

    @Test
    void workerPodsRunJobsOnlyWithTheirSlotsAndNoKeys() {
        ChartManifests chart = ChartManifests.render("worker.slots=3", "worker.torchThreads=4");
        Map<String, String> worker = chart.literalEnv("worker");
        assertThat(worker).containsEntry("METADIV_ROLES", "worker").containsEntry("METADIV_WORKER_SLOTS", "3")
                .containsEntry("METADIV_TORCH_THREADS", "4")
                .doesNotContainKeys("METADIV_KEYS_ENABLED");
        assertThat(chart.env("worker")).doesNotContainKey("METADIV_BOOTSTRAP_ADMIN_KEY");
        assertThat(chart.literalEnv("api")).doesNotContainKeys("METADIV_WORKER_SLOTS", "METADIV_TORCH_THREADS");
    }

    @Test
    void probesHitActuatorOnThePortTheAppListensOnInBothRoles() throws Exception {
        Properties app = applicationProperties();
        // Actuator shares the server port (no management.server.port) and serves the probe groups in every role.
        assertThat(app).doesNotContainKey("management.server.port")
                .containsEntry("management.endpoint.health.probes.enabled", "true");
        Matcher port = Pattern.compile("\\$\\{PORT:(\\d+)}").matcher(app.getProperty("server.port"));
        assertThat(port.matches()).isTrue();
        ChartManifests chart = ChartManifests.render();
        for (String role : ROLES) {
            Map<String, Object> container = chart.container(role);
            assertThat(chart.literalEnv(role)).doesNotContainKeys("PORT", "SERVER_PORT");
            List<Map<String, Object>> ports = at(container, "ports");
            assertThat(ports).hasSize(1);
            assertThat(ports.get(0)).containsEntry("containerPort", Integer.parseInt(port.group(1)));
            Object portName = ports.get(0).get("name");
            Map<String, String> probes = Map.of("startupProbe", "/actuator/health/liveness",
                    "livenessProbe", "/actuator/health/liveness", "readinessProbe", "/actuator/health/readiness");
            probes.forEach((probe, path) -> {
                assertThat((Object) at(container, probe + ".httpGet.path")).as("%s %s", role, probe).isEqualTo(path);
                assertThat((Object) at(container, probe + ".httpGet.port")).as("%s %s", role, probe)
                        .isEqualTo(portName);
            });
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 3})
    void workerReplicasFollowValues(int replicas) {
        ChartManifests chart = ChartManifests.render("worker.replicas=" + replicas, "api.replicas=" + (replicas + 1));
        assertThat((Object) at(chart.deployment("worker"), "spec.replicas")).isEqualTo(replicas);
        assertThat((Object) at(chart.deployment("api"), "spec.replicas")).isEqualTo(replicas + 1);
        assertThat(chart.literalEnv("worker")).containsEntry("METADIV_ROLES", "worker");
        assertThat(chart.kinds()).doesNotContain("HorizontalPodAutoscaler");
    }

    @Test
    void autoscaledWorkersLeaveTheirCountToTheHpa() {
        ChartManifests chart = ChartManifests.render("worker.autoscaling.enabled=true", "worker.replicas=5",
                "worker.autoscaling.minReplicas=2", "worker.autoscaling.maxReplicas=9");
        // A replicas field would reset the HPA's count to worker.replicas at every helm upgrade.
        assertThat((Map<String, Object>) at(chart.deployment("worker"), "spec")).doesNotContainKey("replicas");
        assertThat((Object) at(chart.deployment("api"), "spec.replicas")).isEqualTo(2);
        Map<String, Object> hpa = chart.get("HorizontalPodAutoscaler", FULLNAME + "-worker");
        assertThat((Object) at(hpa, "spec.scaleTargetRef.name")).isEqualTo(FULLNAME + "-worker");
        assertThat((Object) at(hpa, "spec.scaleTargetRef.kind")).isEqualTo("Deployment");
        assertThat((Object) at(hpa, "spec.minReplicas")).isEqualTo(2);
        assertThat((Object) at(hpa, "spec.maxReplicas")).isEqualTo(9);
    }

    @Test
    void workersGetAGracePeriodThatCoversTheirCheckpointWait() throws Exception {
        // The app takes its db-scheduler shutdown wait from the variable the chart sets.
        assertThat(applicationProperties().getProperty("db-scheduler.shutdown-max-wait"))
                .startsWith("${METADIV_SHUTDOWN_MAX_WAIT:");
        ChartManifests defaults = ChartManifests.render();
        assertThat((Object) at(defaults.deployment("worker"), "spec.template.spec.terminationGracePeriodSeconds"))
                .isEqualTo(120);
        assertThat(defaults.literalEnv("worker")).containsEntry("METADIV_SHUTDOWN_MAX_WAIT", "100s");
        ChartManifests longer = ChartManifests.render("worker.terminationGracePeriodSeconds=300",
                "worker.shutdownMarginSeconds=30");
        assertThat((Object) at(longer.deployment("worker"), "spec.template.spec.terminationGracePeriodSeconds"))
                .isEqualTo(300);
        assertThat(longer.literalEnv("worker")).containsEntry("METADIV_SHUTDOWN_MAX_WAIT", "270s");
        assertThatThrownBy(() -> ChartManifests.render("worker.terminationGracePeriodSeconds=20"))
                .hasMessageContaining("worker.terminationGracePeriodSeconds (20) must exceed "
                        + "worker.shutdownMarginSeconds (20)");
    }

    @Test
    void aDisruptionBudgetCoversWorkersOnly() {
        Map<String, Object> pdb = ChartManifests.render().get("PodDisruptionBudget", FULLNAME + "-worker");
        ChartManifests chart = ChartManifests.render();
        assertThat((Map<String, Object>) at(pdb, "spec")).containsEntry("maxUnavailable", 1)
                .doesNotContainKey("minAvailable");
        Map<String, Object> selector = at(pdb, "spec.selector.matchLabels");
        assertThat(selects(selector, chart.podLabels("worker"))).isTrue();
        assertThat(selects(selector, chart.podLabels("api"))).isFalse();
        Map<String, Object> minimum = ChartManifests.render("worker.pdb.minAvailable=2")
                .get("PodDisruptionBudget", FULLNAME + "-worker");
        assertThat((Map<String, Object>) at(minimum, "spec")).containsEntry("minAvailable", 2)
                .doesNotContainKey("maxUnavailable");
        assertThat(ChartManifests.render("worker.pdb.maxUnavailable=3").get("PodDisruptionBudget",
                FULLNAME + "-worker")).satisfies(budget -> assertThat((Object) at(budget, "spec.maxUnavailable"))
                .isEqualTo(3));
        assertThat(ChartManifests.render("worker.pdb.enabled=false").kinds()).doesNotContain("PodDisruptionBudget");
    }

    @Test
    void existingSecretsReplaceTheChartsOwn() {
        ChartManifests database = ChartManifests.render("database.existingSecret=pg-creds",
                "database.existingSecretPasswordKey=pg-password");
        for (String role : ROLES) {
            assertThat(database.secretRef(role, "SPRING_DATASOURCE_PASSWORD")).containsExactly("pg-creds",
                    "pg-password");
        }
        // The chart still keeps the bootstrap key it made, and nothing else.
        assertThat((Map<String, Object>) at(database.get("Secret", FULLNAME), "data"))
                .containsOnlyKeys("bootstrap-admin-key");

        ChartManifests auth = ChartManifests.render("auth.existingSecret=metadiv-admin",
                "auth.existingSecretKey=admin-key", "database.password=s3cret");
        assertThat(auth.secretRef("api", "METADIV_BOOTSTRAP_ADMIN_KEY")).containsExactly("metadiv-admin",
                "admin-key");
        assertThat((Map<String, Object>) at(auth.get("Secret", FULLNAME), "data")).containsOnlyKeys("password");

        ChartManifests both = ChartManifests.render("database.existingSecret=pg-creds",
                "auth.existingSecret=metadiv-admin");
        assertThat(both.kinds()).doesNotContain("Secret");
        assertThat(both.secretRef("api", "METADIV_BOOTSTRAP_ADMIN_KEY")).containsExactly("metadiv-admin",
                "bootstrap-admin-key");
        assertThat(both.secretRef("worker", "SPRING_DATASOURCE_PASSWORD")).containsExactly("pg-creds", "password");
    }

    @Test
    void podsRunAsTheImagesUserOnAReadOnlyRootFileSystem() throws Exception {
        String dockerfile = Files.readString(Path.of("docker", "Dockerfile"));
        Matcher uid = Pattern.compile("useradd [^\\n]*--uid (\\d+)").matcher(dockerfile);
        Matcher djlCache = Pattern.compile("DJL_CACHE_DIR=(\\S+)").matcher(dockerfile);
        assertThat(uid.find() && djlCache.find()).as("Dockerfile names its user and DJL cache").isTrue();
        ChartManifests chart = ChartManifests.render();
        for (String role : ROLES) {
            Map<String, Object> pod = at(chart.deployment(role), "spec.template.spec");
            assertThat((Map<String, Object>) pod.get("securityContext")).containsEntry("runAsNonRoot", true)
                    .containsEntry("runAsUser", Integer.parseInt(uid.group(1)));
            assertThat((Map<String, Object>) at(chart.container(role), "securityContext"))
                    .containsEntry("readOnlyRootFilesystem", true).containsEntry("allowPrivilegeEscalation", false);
            // What the app writes (Tomcat's work and multipart files, upload staging) goes to an emptyDir at /tmp;
            // nothing is mounted over the libtorch unpacked into the image.
            assertThat(chart.mounts(role)).containsEntry("/tmp", "tmp");
            assertThat(chart.volumes(role).get("tmp")).containsKey("emptyDir");
            assertThat(chart.mounts(role).keySet()).noneMatch(path -> djlCache.group(1).startsWith(path));
        }
    }

    @Test
    void aFileSystemBlobStoreMountsOneSharedClaimInBothRoles() {
        ChartManifests chart = ChartManifests.render("blobStore.type=filesystem", "blobStore.existingClaim=blobs");
        for (String role : ROLES) {
            String dir = chart.literalEnv(role).get("METADIV_BLOB_STORE_DIR");
            assertThat(chart.literalEnv(role)).containsEntry("METADIV_BLOB_STORE", "filesystem");
            assertThat(chart.mounts(role)).containsEntry(dir, "blobs");
            assertThat((Object) at(chart.volumes(role).get("blobs"), "persistentVolumeClaim.claimName"))
                    .isEqualTo("blobs");
        }
        assertThat(ChartManifests.render().literalEnv("worker")).containsEntry("METADIV_BLOB_STORE", "postgres");
        assertThatThrownBy(() -> ChartManifests.render("blobStore.type=filesystem"))
                .hasMessageContaining("blobStore.existingClaim is required");
        assertThatThrownBy(() -> ChartManifests.render("blobStore.type=s3"))
                .hasMessageContaining("blobStore.type must be postgres or filesystem");
    }

    @Test
    void notesTellHowToReachTheApiGetTheBootstrapKeyAndScaleWorkers() {
        String notes = new Helm(ChartManifests.CHART).install().withName(ChartManifests.RELEASE).withNamespace("ml")
                .withDryRunOption(DryRun.CLIENT).clientOnly().set("database.password", "s3cret").call().getOutput();
        assertThat(notes).contains("kubectl -n ml port-forward svc/" + FULLNAME + " 8080:80")
                .contains("kubectl -n ml get secret " + FULLNAME + " -o jsonpath='{.data.bootstrap-admin-key}'")
                .contains("--set worker.replicas=").contains("within 100s").doesNotContain("WARNING");
    }

    @Test
    void everyValueIsDocumented() throws Exception {
        List<String> lines = Files.readAllLines(ChartManifests.CHART.resolve("values.yaml"));
        List<String> undocumented = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean key = line.matches("\\s*[A-Za-z][\\w.-]*:.*");
            boolean commented = line.contains(" # ") || i > 0 && lines.get(i - 1).trim().startsWith("#");
            if (key && !commented) {
                undocumented.add((i + 1) + ": " + line);
            }
        }
        assertThat(undocumented).isEmpty();
    }

    private static String decoded(Map<String, Object> secret, String key) {
        Object value = at(secret, "data." + key);
        assertThat(value).as("Secret key %s", key).isNotNull();
        return new String(Base64.getDecoder().decode((String) value), StandardCharsets.UTF_8);
    }

    static Properties applicationProperties() throws Exception {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(Path.of("src", "main", "resources",
                "application.properties"))));
        return properties;
    }
}
