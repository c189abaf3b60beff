package io.backupgen.model;

import io.backupgen.kube.ServiceDns;
import io.backupgen.model.BackupModel.EgressTarget;
import io.backupgen.spec.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The NetworkPolicy around backupgen's pods (backup, restore, verification): no ingress at all, and
 * egress only to a list of {@link EgressTarget}s — the database, cluster DNS, then whatever other
 * modules need (an object store adds one target through {@link #build}'s {@code more}), then the
 * spec's {@code networkPolicy.extraEgress}.
 *
 * <p>Rendered only once the spec says where the database is (its pods, or a CIDR): a policy that
 * guessed would cut every backup off in a default-deny namespace.
 */
public final class NetworkPolicies {
    /** The label every namespace carries with its own name (Kubernetes 1.21+). */
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    private NetworkPolicies() {
    }

    /**
     * @param selector labels selecting every backupgen pod of the project
     * @param more     targets other modules need (e.g. the off-site object store), in order
     */
    static BackupModel.NetworkPolicy build(Spec spec, String name, Map<String, String> selector,
                                           BackupModel.Database db, List<EgressTarget> more) {
        Spec.NetworkPolicy np = spec.networkPolicy();
        Spec.DatabaseEndpoint where = np == null ? null : np.database();
        boolean located = where != null && (where.podSelector() != null || nonEmpty(where.cidr()));
        List<EgressTarget> egress = new ArrayList<>();
        if (located) {
            egress.add(database(where, db));
            egress.add(dns(np.dns()));
            egress.addAll(more);
            List<com.fasterxml.jackson.databind.JsonNode> extra = np.extraEgress() == null ? List.of() : np.extraEgress();
            for (int i = 0; i < extra.size(); i++) {
                egress.add(new EgressTarget("networkPolicy.extraEgress[" + i + "] of the spec", Placement.map(extra.get(i))));
            }
        }
        return new BackupModel.NetworkPolicy(located && np.enabled(), name, selector, List.copyOf(egress));
    }

    /** The database: its pods (in the namespace its Service host names, if any) or its address range. */
    static EgressTarget database(Spec.DatabaseEndpoint where, BackupModel.Database db) {
        Map<String, Object> peer = new LinkedHashMap<>();
        String purpose;
        if (where.podSelector() != null) {
            Object namespaces = where.namespaceSelector() != null ? Placement.map(where.namespaceSelector())
                    : ServiceDns.namespaceOf(db.host())
                    .<Object>map(ns -> Map.of("matchLabels", Map.of(NAMESPACE_NAME_LABEL, ns))).orElse(null);
            if (namespaces != null) {
                peer.put("namespaceSelector", namespaces);
            }
            peer.put("podSelector", Placement.map(where.podSelector()));
            purpose = "the database " + db.host() + ": its pods";
        } else {
            peer.put("ipBlock", Map.of("cidr", where.cidr()));
            purpose = "the database " + db.host() + ": its address range";
        }
        int port = where.port() != null ? where.port() : db.port();
        return new EgressTarget(purpose, rule(List.of(peer), List.of(port("TCP", port))));
    }

    /** Cluster DNS: kube-system's kube-dns (CoreDNS keeps that label) on port 53, unless the spec says otherwise. */
    static EgressTarget dns(Spec.Dns dns) {
        Map<String, Object> peer = new LinkedHashMap<>();
        peer.put("namespaceSelector", dns != null && dns.namespaceSelector() != null
                ? Placement.map(dns.namespaceSelector())
                : Map.of("matchLabels", Map.of(NAMESPACE_NAME_LABEL, "kube-system")));
        peer.put("podSelector", dns != null && dns.podSelector() != null ? Placement.map(dns.podSelector())
                : Map.of("matchLabels", Map.of("k8s-app", "kube-dns")));
        List<Object> ports = new ArrayList<>();
        if (dns != null && dns.ports() != null) {
            dns.ports().forEach(p -> ports.add(Placement.map(p)));
        } else {
            ports.add(port("UDP", 53));
            ports.add(port("TCP", 53));
        }
        return new EgressTarget("cluster DNS, to resolve the database's and other hosts' names", rule(List.of(peer), ports));
    }

    /**
     * The Prometheus Pushgateway the jobs push their metrics to, when the URL says where it is: a
     * Service in another namespace ({@code <svc>.<ns>.svc...}: that namespace's pods), a bare Service
     * name (the pods' own namespace) or an IPv4 address. Any pod of that namespace on the URL's port:
     * its labels are not in the spec, and a namespace plus one port is still far from "anywhere".
     * An external host name says nothing a NetworkPolicy can use: empty (the spec rules then ask for
     * {@code networkPolicy.extraEgress}).
     */
    static java.util.Optional<EgressTarget> pushgateway(String url) {
        if (url == null || url.isEmpty()) {
            return java.util.Optional.empty();
        }
        java.net.URI uri = java.net.URI.create(url);
        String host = uri.getHost();
        if (host == null) {
            return java.util.Optional.empty();
        }
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return toHost("the Prometheus Pushgateway " + host + ":" + port + " (metrics.pushgatewayUrl)", host, port);
    }

    /**
     * Egress to what a host name says about where it is: a Service in another namespace
     * ({@code <svc>.<ns>.svc...}: that namespace's pods), a bare Service name (the pods' own
     * namespace), an IPv4 address (that address); empty for an external name.
     */
    public static java.util.Optional<EgressTarget> toHost(String purpose, String host, int port) {
        java.util.Optional<String> ns = ServiceDns.namespaceOf(host);
        if (ns.isPresent()) {
            return java.util.Optional.of(toPods(purpose, Map.of("matchLabels", Map.of(NAMESPACE_NAME_LABEL, ns.get())),
                    Map.of(), port));
        }
        if (ServiceDns.isBareServiceName(host)) {
            return java.util.Optional.of(toPods(purpose, null, Map.of(), port));
        }
        if (ServiceDns.isIpv4(host)) {
            return java.util.Optional.of(toCidr(purpose, host + "/32", port));
        }
        return java.util.Optional.empty();
    }

    /** An egress rule to {@code cidr} on TCP {@code port}: what an off-site object store needs, for example. */
    public static EgressTarget toCidr(String purpose, String cidr, int port) {
        return new EgressTarget(purpose, rule(List.of(Map.of("ipBlock", Map.of("cidr", cidr))), List.of(port("TCP", port))));
    }

    /**
     * An egress rule to pods on TCP {@code port}: an in-cluster object store such as MinIO, for example.
     *
     * @param namespaceSelector a Kubernetes label selector as plain values, or null for the pods' own namespace
     * @param podSelector       a Kubernetes label selector as plain values
     */
    public static EgressTarget toPods(String purpose, Map<String, Object> namespaceSelector,
                                      Map<String, Object> podSelector, int port) {
        Map<String, Object> peer = new LinkedHashMap<>();
        if (namespaceSelector != null) {
            peer.put("namespaceSelector", namespaceSelector);
        }
        peer.put("podSelector", podSelector);
        return new EgressTarget(purpose, rule(List.of(peer), List.of(port("TCP", port))));
    }

    private static Map<String, Object> rule(List<? extends Object> to, List<? extends Object> ports) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("to", List.copyOf(to));
        r.put("ports", List.copyOf(ports));
        return r;
    }

    private static Map<String, Object> port(String protocol, int port) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("protocol", protocol);
        p.put("port", port);
        return p;
    }

    private static boolean nonEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
