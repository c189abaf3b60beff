package io.backupgen.validate;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.backupgen.document.FieldPath;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The offline, schema-free structural check: walks a document along the fabric8 kubernetes-model
 * class of its apiVersion/kind — the fields fabric8 declares with {@code @JsonProperty} and their
 * Java types — and reports every unknown field and every value of the wrong JSON type (a number
 * where Kubernetes wants a string, "1000" where it wants an integer), with its path.
 *
 * <p>Why a walk and not Jackson deserialization: fabric8 classes swallow unknown fields into an
 * "additionalProperties" any-setter, Jackson stops at the first type error, and building the
 * Jackson deserializers of the CronJob graph costs 1-2 s on a cold JVM (plain reflection over the
 * same ~125 classes: ~0.3 s). {@code JacksonStructureOracle} in the tests does the deserialization
 * and checks that both agree.
 */
final class StructureLayer {
    /**
     * The kinds backupgen emits or commonly sits next to; anything else is left to the schema layer.
     * Package-visible so the tests' Jackson oracle checks exactly these kinds.
     */
    static final Map<String, Class<?>> TYPES = Map.ofEntries(
            Map.entry("v1/Pod", io.fabric8.kubernetes.api.model.Pod.class),
            Map.entry("v1/ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class),
            Map.entry("v1/Secret", io.fabric8.kubernetes.api.model.Secret.class),
            Map.entry("v1/Service", io.fabric8.kubernetes.api.model.Service.class),
            Map.entry("v1/ServiceAccount", io.fabric8.kubernetes.api.model.ServiceAccount.class),
            Map.entry("v1/PersistentVolumeClaim", io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class),
            Map.entry("v1/Namespace", io.fabric8.kubernetes.api.model.Namespace.class),
            Map.entry("v1/LimitRange", io.fabric8.kubernetes.api.model.LimitRange.class),
            Map.entry("v1/ResourceQuota", io.fabric8.kubernetes.api.model.ResourceQuota.class),
            Map.entry("batch/v1/CronJob", io.fabric8.kubernetes.api.model.batch.v1.CronJob.class),
            Map.entry("batch/v1/Job", io.fabric8.kubernetes.api.model.batch.v1.Job.class),
            Map.entry("rbac.authorization.k8s.io/v1/Role", io.fabric8.kubernetes.api.model.rbac.Role.class),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", io.fabric8.kubernetes.api.model.rbac.RoleBinding.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", io.fabric8.kubernetes.api.model.rbac.ClusterRole.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding",
                    io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy",
                    io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", io.fabric8.kubernetes.api.model.networking.v1.Ingress.class));

    /** JSON property name -> Java type, per model class; null marks a free-form class (accepts any object). */
    private static final Map<Class<?>, Map<String, Type>> PROPERTIES = new ConcurrentHashMap<>();

    private StructureLayer() {
    }

    static boolean knows(String apiVersion, String kind) {
        return TYPES.containsKey(apiVersion + "/" + kind);
    }

    /** Problems found, empty when the document fits its type (or the type is not known here). */
    static List<SchemaLayer.Violation> check(String apiVersion, String kind, JsonNode body) {
        Class<?> type = TYPES.get(apiVersion + "/" + kind);
        if (type == null) {
            return List.of();
        }
        List<SchemaLayer.Violation> found = new ArrayList<>();
        walk(body, type, "", found);
        return found;
    }

    private static void walk(JsonNode node, Type type, String path, List<SchemaLayer.Violation> out) {
        if (node == null || node.isNull()) {
            return; // Kubernetes reads null as "not set" for every optional field
        }
        Class<?> raw = raw(type);
        if (raw == String.class) {
            expect(node.isTextual(), "a string", node, path, out);
        } else if (raw == Integer.class || raw == Long.class || raw == int.class || raw == long.class
                || raw == Short.class) {
            expect(node.isIntegralNumber(), "an integer", node, path, out);
        } else if (raw == Double.class || raw == Float.class || raw == java.math.BigDecimal.class) {
            expect(node.isNumber(), "a number", node, path, out);
        } else if (raw == Boolean.class || raw == boolean.class) {
            expect(node.isBoolean(), "a boolean", node, path, out);
        } else if (raw == io.fabric8.kubernetes.api.model.IntOrString.class) {
            expect(node.isTextual() || node.isIntegralNumber(), "a string or an integer", node, path, out);
        } else if (raw == io.fabric8.kubernetes.api.model.Quantity.class) {
            expect(node.isTextual() || node.isNumber(), "a quantity (string or number)", node, path, out);
        } else if (Collection.class.isAssignableFrom(raw)) {
            if (expect(node.isArray(), "a list", node, path, out)) {
                Type element = typeArgument(type, 0);
                for (int i = 0; i < node.size(); i++) {
                    walk(node.get(i), element, FieldPath.index(path, i), out);
                }
            }
        } else if (Map.class.isAssignableFrom(raw)) {
            if (expect(node.isObject(), "an object", node, path, out)) {
                Type value = typeArgument(type, 1);
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    walk(e.getValue(), value, FieldPath.field(path, e.getKey()), out);
                }
            }
        } else if (raw.getName().startsWith("io.fabric8.")) {
            Map<String, Type> props = properties(raw);
            if (props == null) {
                return; // free-form (custom deserializer, or a class without declared fields, e.g. FieldsV1)
            }
            if (!expect(node.isObject(), "an object", node, path, out)) {
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = FieldPath.field(path, e.getKey());
                Type t = props.get(e.getKey());
                if (t == null) {
                    out.add(new SchemaLayer.Violation(at, "unknown field \"" + e.getKey() + "\""));
                } else {
                    walk(e.getValue(), t, at, out);
                }
            }
        }
        // Object, JsonNode and anything else: free-form, nothing to check
    }

    private static boolean expect(boolean ok, String what, JsonNode node, String path, List<SchemaLayer.Violation> out) {
        if (!ok) {
            out.add(new SchemaLayer.Violation(path, "wrong type: expected " + what + ", got " + describe(node)));
        }
        return ok;
    }

    private static String describe(JsonNode n) {
        if (n.isObject()) {
            return "an object";
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isTextual()) {
            return "\"" + n.asText() + "\"";
        }
        return n.toString();
    }

    /** The model's JSON properties, from its (and its superclasses') {@code @JsonProperty} fields. */
    private static Map<String, Type> properties(Class<?> c) {
        Map<String, Type> props = PROPERTIES.computeIfAbsent(c, StructureLayer::introspect);
        return props.isEmpty() ? null : props;
    }

    private static Map<String, Type> introspect(Class<?> c) {
        JsonDeserialize custom = c.getAnnotation(JsonDeserialize.class);
        if (custom != null && custom.using() != com.fasterxml.jackson.databind.JsonDeserializer.None.class) {
            return Map.of(); // its JSON shape is whatever its deserializer reads
        }
        Map<String, Type> out = new LinkedHashMap<>();
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                JsonProperty p = f.getAnnotation(JsonProperty.class);
                if (p != null && !f.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonIgnore.class)) {
                    out.putIfAbsent(p.value().isEmpty() ? f.getName() : p.value(), f.getGenericType());
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p) {
            return raw(p.getRawType());
        }
        if (t instanceof WildcardType w && w.getUpperBounds().length > 0) {
            return raw(w.getUpperBounds()[0]);
        }
        return Object.class;
    }

    private static Type typeArgument(Type t, int i) {
        if (t instanceof ParameterizedType p && p.getActualTypeArguments().length > i) {
            return p.getActualTypeArguments()[i];
        }
        return Object.class;
    }
}
