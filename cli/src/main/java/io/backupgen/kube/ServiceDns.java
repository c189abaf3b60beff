package io.backupgen.kube;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a host name says about where a Kubernetes Service lives. */
public final class ServiceDns {
    /**
     * {@code <service>.<namespace>.svc} with or without the cluster domain ({@code .cluster.local} or
     * another). A bare {@code <service>} resolves in the pod's own namespace and names none;
     * {@code <service>.<namespace>} is not recognised, as it cannot be told from an external name.
     */
    private static final Pattern SERVICE = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?\\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\\.svc(\\..+)?\\.?$");

    private ServiceDns() {
    }

    /** The namespace a Service host name names, e.g. {@code billing-prod} for {@code db.billing-prod.svc.cluster.local}. */
    public static Optional<String> namespaceOf(String host) {
        if (host == null) {
            return Optional.empty();
        }
        Matcher m = SERVICE.matcher(host.toLowerCase(Locale.ROOT));
        return m.matches() ? Optional.of(m.group(2)) : Optional.empty();
    }

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    /** A dotted IPv4 address, each part 0 to 255 without leading zeros. */
    public static boolean isIpv4(String host) {
        return host != null && IPV4.matcher(host).matches();
    }

    /**
     * Whether a NetworkPolicy can name where {@code host} is: a Service with its namespace, a bare
     * Service name (the pod's own namespace) or an IPv4 address. Any other name is external DNS.
     */
    public static boolean locatable(String host) {
        return namespaceOf(host).isPresent() || isBareServiceName(host) || isIpv4(host);
    }

    /** A bare Service name ({@code pushgateway}): it resolves in the pod's own namespace. */
    public static boolean isBareServiceName(String host) {
        return host != null && host.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }

    /** The same host with its namespace replaced (for a suggestion); the host unchanged if it names none. */
    public static String withNamespace(String host, String namespace) {
        Optional<String> ns = namespaceOf(host);
        if (ns.isEmpty()) {
            return host;
        }
        int dot = host.indexOf('.');
        return host.substring(0, dot + 1) + namespace + host.substring(dot + 1 + ns.get().length());
    }
}
