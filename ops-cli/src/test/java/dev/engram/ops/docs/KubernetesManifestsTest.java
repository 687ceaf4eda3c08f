package dev.engram.ops.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * infra/k8s: every overlay rendered by {@code kubectl kustomize} (offline; the machine's kubectl) and each object
 * parsed into fabric8's typed Kubernetes model, failing on any field the model does not know; KEDA's ScaledObject,
 * which has no model there, is checked against the fields of its own specification. Then the objects against each
 * other and the apps: ports, probes on the health groups, configuration and secrets by reference, and the
 * autoscaling capped at the lanes' partition count.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("..", "infra", "k8s");
    private static final KubernetesSerialization MODEL = new KubernetesSerialization();
    private static final Map<String, Integer> APPS = DeployedApps.PORTS;
    /** The processors' lanes and consumer groups, as their application.yml binds them. */
    private static final Map<String, Set<String>> SCALED_TOPICS = Map.of(
            "generation-processor", Set.of("engram.jobs.event", "engram.jobs.event-batch"),
            "summary-processor", Set.of("engram.jobs.summary"));
    private static final Set<String> SCALED_OBJECT_SPEC = Set.of("scaleTargetRef", "minReplicaCount",
            "maxReplicaCount", "pollingInterval", "cooldownPeriod", "idleReplicaCount", "fallback", "advanced",
            "triggers");
    private static final Set<String> KAFKA_TRIGGER = Set.of("bootstrapServers", "consumerGroup", "topic",
            "lagThreshold", "activationLagThreshold", "offsetResetPolicy", "allowIdleConsumers",
            "scaleToZeroOnInvalidOffset", "excludePersistentLag", "limitToPartitionsWithLag", "version", "sasl",
            "tls");

    @Test
    void everyOverlayRendersIntoObjectsTheModelKnowsFieldByField() throws Exception {
        List<Path> overlays = overlays();
        assertThat(overlays).extracting(path -> path.getFileName().toString()).contains("dev", "production");
        for (Path overlay : overlays) {
            List<HasMetadata> objects = render(overlay);
            assertThat(objects).as(overlay.toString()).isNotEmpty();
            for (HasMetadata object : objects) {
                String name = overlay.getFileName() + ": " + object.getKind() + " " + object.getMetadata().getName();
                if (object.getKind().equals("ScaledObject")) {
                    assertThat(object).as(name).isInstanceOf(GenericKubernetesResource.class);
                } else {
                    assertThat(object).as("%s has a typed model", name).isNotInstanceOf(GenericKubernetesResource.class);
                    assertThat(unknownFields(object, object.getKind())).as("fields of %s the model does not know", name)
                            .isEmpty();
                }
            }
        }
    }

    @Test
    void aFieldTheModelDoesNotKnowIsFound() {
        HasMetadata misspelt = MODEL.unmarshal("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: typo
                spec:
                  replica: 2
                  template:
                    spec:
                      containers:
                        - name: app
                          image: app
                          livenessprobe: {}
                """);
        assertThat(unknownFields(misspelt, "Deployment"))
                .containsExactlyInAnyOrder("Deployment.spec.replica", "Deployment.spec.template.spec.containers.livenessprobe");
    }

    @Test
    void everyAppRunsOnItsPortWithProbesOnItsHealthGroupsAndSecretsByReference() throws Exception {
        for (Path overlay : overlays()) {
            List<HasMetadata> objects = render(overlay);
            for (Map.Entry<String, Integer> app : APPS.entrySet()) {
                Deployment deployment = find(objects, Deployment.class, app.getKey());
                Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
                assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(app.getValue());
                assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
                assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
                assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
                assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
                assertThat(container.getEnvFrom().get(0).getConfigMapRef().getName()).isEqualTo("engram-config");
                assertThat(container.getEnv()).filteredOn(env -> env.getName().equals("ENGRAM_DB_PASSWORD"))
                        .singleElement().satisfies(env ->
                                assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("engram-db"));
                Service service = find(objects, Service.class, app.getKey());
                assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(app.getValue());
                assertThat(service.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
            }
            find(objects, ConfigMap.class, "engram-config");
            assertThat(objects).as("Secrets are referenced, never shipped").noneMatch(o -> o.getKind().equals("Secret"));
        }
    }

    @Test
    void processorsScaleOnTheirLanesLagUpToThePartitionCount() throws Exception {
        for (Path overlay : overlays()) {
            List<HasMetadata> objects = render(overlay);
            ConfigMap config = find(objects, ConfigMap.class, "engram-config");
            int partitions = Integer.parseInt(config.getData().get("ENGRAM_KAFKA_PARTITIONS"));
            int threads = Integer.parseInt(config.getData().get("ENGRAM_GENERATION_CONCURRENCY"));
            for (Map.Entry<String, Set<String>> processor : SCALED_TOPICS.entrySet()) {
                GenericKubernetesResource scaled = find(objects, GenericKubernetesResource.class, processor.getKey());
                Map<String, Object> spec = scaled.get("spec");
                assertThat(spec.keySet()).as("ScaledObject spec fields").isSubsetOf(SCALED_OBJECT_SPEC);
                assertThat(scaled.<String>get("spec", "scaleTargetRef", "name")).isEqualTo(processor.getKey());
                find(objects, Deployment.class, processor.getKey());
                assertThat(scaled.<Integer>get("spec", "maxReplicaCount") * threads).as("replicas x threads")
                        .isBetween(1, partitions);
                List<Map<String, Object>> triggers = scaled.get("spec", "triggers");
                List<String> topics = new ArrayList<>();
                for (Map<String, Object> trigger : triggers) {
                    assertThat(trigger.get("type")).isEqualTo("kafka");
                    @SuppressWarnings("unchecked")
                    Map<String, Object> metadata = (Map<String, Object>) trigger.get("metadata");
                    assertThat(metadata.keySet()).as("kafka trigger fields").isSubsetOf(KAFKA_TRIGGER);
                    assertThat(metadata.get("consumerGroup")).isEqualTo(processor.getKey());
                    topics.add((String) metadata.get("topic"));
                }
                assertThat(topics).containsExactlyInAnyOrderElementsOf(processor.getValue());
                String yml = Files.readString(Path.of("..", processor.getKey(), "src", "main", "resources",
                        "application.yml"));
                topics.forEach(topic -> assertThat(yml).contains("destination: " + topic)
                        .contains("group: " + processor.getKey()));
            }
        }
    }

    private static List<Path> overlays() throws IOException {
        try (Stream<Path> dirs = Files.list(K8S.resolve("overlays"))) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        }
    }

    /** {@code kubectl kustomize <overlay>}, each object parsed into its model class. */
    private static List<HasMetadata> render(Path overlay) throws IOException, InterruptedException {
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).redirectErrorStream(true)
                .start();
        String rendered = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kubectl.exitValue()).as("kubectl kustomize %s: %s", overlay, rendered).isZero();
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : rendered.split("(?m)^---$")) {
            if (!document.isBlank()) {
                objects.add(MODEL.unmarshal(document));
            }
        }
        return objects;
    }

    private static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(object -> object.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    /**
     * The paths of the fields the model did not know: fabric8's classes keep them in {@code additionalProperties}
     * instead of refusing them, so every model object is walked through its getters.
     */
    private static List<String> unknownFields(Object object, String path) {
        List<String> unknown = new ArrayList<>();
        walk(object, path, unknown);
        return unknown;
    }

    private static void walk(Object object, String path, List<String> unknown) {
        if (object instanceof Collection<?> items) {
            items.forEach(item -> walk(item, path, unknown));
            return;
        }
        if (object instanceof Map<?, ?> map) {
            map.values().forEach(value -> walk(value, path, unknown));
            return;
        }
        if (object == null || !object.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : object.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(object);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(getter.toString(), e);
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                ((Map<?, ?>) value).keySet().forEach(key -> unknown.add(path + "." + key));
            } else {
                String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
                walk(value, path + "." + field, unknown);
            }
        }
    }
}
