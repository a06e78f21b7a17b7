package io.metadiv.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.yaml.snakeyaml.Yaml;

/** What {@code helm template} renders from helm/metadiv (helm-java, no helm binary), parsed with SnakeYAML. */
final class ChartManifests {

    static final Path CHART = Path.of("helm", "metadiv");
    static final String RELEASE = "demo";
    /** Names the chart gives its objects in release {@link #RELEASE}. */
    static final String FULLNAME = RELEASE + "-metadiv";

    private final List<Map<String, Object>> documents;

    private ChartManifests(List<Map<String, Object>> documents) {
        this.documents = documents;
    }

    /** Renders release {@link #RELEASE} with {@code --set} settings given as "key=value". */
    static ChartManifests render(String... settings) {
        return renderRelease(RELEASE, settings);
    }

    @SuppressWarnings("unchecked")
    static ChartManifests renderRelease(String release, String... settings) {
        TemplateCommand template = new Helm(CHART).template().withName(release);
        for (String setting : settings) {
            String[] keyValue = setting.split("=", 2);
            template = template.set(keyValue[0], keyValue[1]);
        }
        List<Map<String, Object>> documents = StreamSupport.stream(new Yaml().loadAll(template.call()).spliterator(),
                false).filter(Objects::nonNull).map(document -> (Map<String, Object>) document).toList();
        return new ChartManifests(documents);
    }

    List<String> kinds() {
        return documents.stream().map(document -> (String) document.get("kind")).sorted().toList();
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return documents.stream().filter(document -> kind.equals(document.get("kind"))
                && name.equals(at(document, "metadata.name"))).findFirst();
    }

    Map<String, Object> get(String kind, String name) {
        Optional<Map<String, Object>> found = find(kind, name);
        assertThat(found).as("%s %s among %s", kind, name, kinds()).isPresent();
        return found.get();
    }

    /** The Deployment of a role (api or worker). */
    Map<String, Object> deployment(String role) {
        return get("Deployment", FULLNAME + "-" + role);
    }

    /** The one container of a role's pods. */
    Map<String, Object> container(String role) {
        List<Map<String, Object>> containers = at(deployment(role), "spec.template.spec.containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    /** The container's env entries by name ({@code value} or {@code valueFrom}). */
    Map<String, Map<String, Object>> env(String role) {
        Map<String, Map<String, Object>> env = new LinkedHashMap<>();
        List<Map<String, Object>> entries = at(container(role), "env");
        entries.forEach(entry -> env.put((String) entry.get("name"), entry));
        return env;
    }

    /** The literal env of the container: its ConfigMap's data, then its own values (which win, as in Kubernetes). */
    Map<String, String> literalEnv(String role) {
        Map<String, String> env = new LinkedHashMap<>();
        List<Map<String, Object>> sources = at(container(role), "envFrom");
        for (Map<String, Object> source : sources) {
            Map<String, Object> config = get("ConfigMap", at(source, "configMapRef.name"));
            Map<String, Object> data = at(config, "data");
            data.forEach((name, value) -> env.put(name, String.valueOf(value)));
        }
        env(role).forEach((name, entry) -> {
            if (entry.containsKey("value")) {
                env.put(name, String.valueOf(entry.get("value")));
            }
        });
        return env;
    }

    /** {@code valueFrom.secretKeyRef} of an env entry: [secret name, key]. */
    List<String> secretRef(String role, String variable) {
        Map<String, Object> entry = env(role).get(variable);
        assertThat(entry).as("env %s of %s", variable, role).isNotNull();
        return List.of(at(entry, "valueFrom.secretKeyRef.name"), at(entry, "valueFrom.secretKeyRef.key"));
    }

    /** Labels of a role's pods. */
    Map<String, Object> podLabels(String role) {
        return at(deployment(role), "spec.template.metadata.labels");
    }

    /** Whether a label selector picks pods with these labels. */
    static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    /** The node at a dotted path of map keys and list indexes ("spec.template.spec.containers.0"), or null. */
    @SuppressWarnings("unchecked")
    static <T> T at(Object node, String path) {
        Object current = node;
        for (String segment : path.split("\\.")) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(segment);
            } else if (current instanceof List<?> list) {
                current = list.get(Integer.parseInt(segment));
            } else {
                return null;
            }
        }
        return (T) current;
    }

    /** The volumes of a role's pods by name. */
    Map<String, Map<String, Object>> volumes(String role) {
        Map<String, Map<String, Object>> volumes = new LinkedHashMap<>();
        List<Map<String, Object>> entries = at(deployment(role), "spec.template.spec.volumes");
        entries.forEach(entry -> volumes.put((String) entry.get("name"), entry));
        return volumes;
    }

    /** The container's mounts: path to volume name. */
    Map<String, String> mounts(String role) {
        Map<String, String> mounts = new LinkedHashMap<>();
        List<Map<String, Object>> entries = at(container(role), "volumeMounts");
        entries.forEach(entry -> mounts.put((String) entry.get("mountPath"),
                (String) entry.get("name")));
        return mounts;
    }
}
