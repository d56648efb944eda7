package dev.modelgate.relay.auth;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where an admin request comes from, for the sign-in throttle and the audit log. The peer's address, unless the
 * peer is a trusted proxy ({@code modelgate.admin.trusted.proxies}, {@code MODELGATE_ADMIN_TRUSTED_PROXIES}:
 * comma-separated addresses, none by default): then the nearest address in {@code X-Forwarded-For} that is not
 * itself a trusted proxy. Without trusted proxies the header is ignored, since any client can write it.
 */
@ApplicationScoped
public class SourceAddresses {

    @Inject
    @ConfigProperty(name = "modelgate.admin.trusted.proxies")
    Optional<String> trustedProxies;

    private Set<String> trusted = Set.of();

    @PostConstruct
    void load() {
        trusted = parse(trustedProxies.orElse(""));
    }

    public String of(String peer, String forwardedFor) {
        return resolve(peer, forwardedFor, trusted);
    }

    static Set<String> parse(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /** Walks X-Forwarded-For from the right (the hop nearest to us) past trusted proxies: the entries left of the first untrusted one may be forged. */
    static String resolve(String peer, String forwardedFor, Set<String> trusted) {
        if (!trusted.contains(peer) || forwardedFor == null || forwardedFor.isBlank()) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !trusted.contains(hop)) {
                return hop.length() > 64 ? hop.substring(0, 64) : hop;
            }
        }
        return peer;
    }
}
