package io.metadiv.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The Helm chart lints cleanly and renders the API and worker workloads the architecture calls for. */
class HelmChartTests {

    private static final Path CHART = Path.of("helm", "metadiv");

    @Test
    void chartLintsStrictlyWithoutErrors() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint messages: %s", lint.getMessages()).isFalse();
    }

    @Test
    void templateRendersApiWorkerServiceConfigAndAutoscaler() {
        String manifests = new Helm(CHART).template().withName("demo").set("ingress.enabled", "true")
                .set("database.password", "s3cret").call();
        assertThat(manifests)
                .contains("name: demo-metadiv-api")
                .contains("name: demo-metadiv-worker")
                .contains("kind: Service")
                .contains("kind: Ingress")
                .contains("kind: ConfigMap")
                .contains("kind: Secret")
                .contains("kind: HorizontalPodAutoscaler")
                .contains("value: worker")
                .contains("value: api")
                .contains("/actuator/health/readiness")
                .contains("OMP_WAIT_POLICY: PASSIVE")
                .contains("name: METADIV_WORKER_SLOTS")
                .contains("name: METADIV_TORCH_THREADS");
    }

    @Test
    void apiRunsWithKeysAndTheBootstrapAdminKeyFromASecret() {
        String manifests = new Helm(CHART).template().withName("demo")
                .set("security.bootstrapAdminKey", "bootstrap-key-of-forty-or-more-characters-0123").call();
        assertThat(manifests).contains("METADIV_KEYS_ENABLED: \"true\"", "SERVER_ADDRESS: \"0.0.0.0\"",
                "name: demo-metadiv-keys", "bootstrap-admin-key: \"bootstrap-key-of-forty-or-more-characters-0123\"",
                "name: METADIV_BOOTSTRAP_ADMIN_KEY");
        String existing = new Helm(CHART).template().withName("demo").set("security.existingSecret", "api-keys")
                .call();
        assertThat(existing).doesNotContain("name: demo-metadiv-keys").contains("name: api-keys");
        assertThat(new Helm(CHART).template().withName("demo").call()).doesNotContain("METADIV_BOOTSTRAP_ADMIN_KEY");
    }

    @Test
    void existingSecretReplacesTheChartsOwnSecret() {
        String manifests = new Helm(CHART).template().withName("demo").set("database.existingSecret", "pg-creds")
                .call();
        assertThat(manifests).doesNotContain("kind: Secret").contains("name: pg-creds");
    }
}
