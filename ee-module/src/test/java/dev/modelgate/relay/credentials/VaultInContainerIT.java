package dev.modelgate.relay.credentials;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.policy.decision.DecisionSigner;
import dev.modelgate.relay.audit.AuditChain;
import dev.modelgate.relay.audit.AuditEntry;
import dev.modelgate.relay.audit.AuditLog;
import dev.modelgate.relay.settlement.InstantConverter;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The credential vault as CDI beans on the real test Liberty, through Arquillian: the vault opens at start
 * under the server's master key (its database reads behind MicroProfile Fault Tolerance), writes go through
 * JPA into the relay's database encrypted, rotation and removal take effect at once, and every write lands
 * in the hash-chained audit log in the same transaction.
 */
@ExtendWith(ArquillianExtension.class)
class VaultInContainerIT {

    @Deployment
    static WebArchive vault() {
        return ShrinkWrap.create(WebArchive.class, "vault-in-container.war")
                // The vault's package, less the beans that serve credentials to requests (they need the policy).
                .addPackage(Vault.class.getPackage())
                .deleteClasses(Credentials.class, ConfigCredentials.class)
                .addClasses(AuditLog.class, AuditChain.class, AuditEntry.class, InstantConverter.class)
                .addPackage(DecisionSigner.class.getPackage())
                .addAsLibraries(jarOf(ObjectMapper.class), jarOf(JsonFactory.class), jarOf(JsonProperty.class),
                        jarOf(org.assertj.core.api.Assertions.class))
                .addAsResource("in-container/vault-persistence.xml", "META-INF/persistence.xml")
                .addAsWebInfResource(new org.jboss.shrinkwrap.api.asset.StringAsset(
                        "<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"4.0\" bean-discovery-mode=\"annotated\"/>"),
                        "beans.xml");
    }

    /** Jackson is a library of the relay's WAR, not of Liberty, and AssertJ runs in the container with the test. */
    private static File jarOf(Class<?> type) {
        try {
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Inject
    Vault vault;

    @Inject
    CredentialStore store;

    @Inject
    AuditLog audit;

    @Test
    void storesEncryptedRotatesAndRemovesWithEveryWriteAudited() {
        assertThat(vault.enabled()).as("the vault opened at start under the test server's master key").isTrue();
        String name = "arquillian-" + UUID.randomUUID().toString().substring(0, 8);
        String first = "sk-in-container-" + UUID.randomUUID();

        CredentialStore.Written created = vault.put(name, new Secret(first), "arquillian");
        assertThat(created.created()).isTrue();
        assertThat(vault.get(name)).map(Secret::reveal).contains(first);

        // What JPA wrote is ciphertext under the current master key, never the value.
        CredentialRow stored = store.all().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
        assertThat(stored.sealed().keyId()).isEqualTo(created.row().sealed().keyId());
        String decoded = new String(Base64.getDecoder().decode(stored.sealed().ciphertext()), StandardCharsets.ISO_8859_1);
        assertThat(decoded).doesNotContain(first);
        assertThat(stored.sealed().ciphertext()).doesNotContain(first);

        String second = "sk-rotated-" + UUID.randomUUID();
        CredentialStore.Written rotated = vault.put(name, new Secret(second), "arquillian");
        assertThat(rotated.created()).isFalse();
        assertThat(rotated.row().version()).isGreaterThan(created.row().version());
        assertThat(vault.get(name)).map(Secret::reveal).contains(second);

        assertThat(vault.delete(name, "arquillian")).isPresent();
        assertThat(vault.get(name)).isEmpty();
        assertThat(store.all()).extracting(CredentialRow::name).doesNotContain(name);

        assertThat(audit.latest(50)).filteredOn(e -> e.subject().endsWith(name))
                .extracting(AuditEntry::action).containsExactly("credential.deleted", "credential.rotated", "credential.created");
        assertThat(audit.latest(50)).filteredOn(e -> e.subject().endsWith(name))
                .allSatisfy(e -> assertThat(e.actor()).isEqualTo("arquillian"))
                .allSatisfy(e -> assertThat(e.detail()).doesNotContain(first).doesNotContain(second));
        assertThat(audit.verify().valid()).as("the audit chain still verifies").isTrue();
    }
}
