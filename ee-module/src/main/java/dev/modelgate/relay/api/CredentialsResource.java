package dev.modelgate.relay.api;

import dev.modelgate.relay.credentials.CredentialNames;
import dev.modelgate.relay.credentials.CredentialSource;
import dev.modelgate.relay.credentials.CredentialStore;
import dev.modelgate.relay.credentials.Credentials;
import dev.modelgate.relay.credentials.Secret;
import dev.modelgate.relay.credentials.Vault;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.relay.format.openai.OpenAiErrors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import dev.modelgate.policy.model.Provider;
import dev.modelgate.relay.policy.PolicyService;
import dev.modelgate.relay.providers.models.CredentialCheck;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Provider credentials through the admin API (writes: role admin; listing: admin and finance):
 * {@code GET /admin/credentials} lists names, source, key id, version and dates, never a value;
 * {@code PUT /admin/credentials/{name} {"value": "..."}} creates (201) or rotates (200) a vault entry, and
 * checks the new key against the model list of each provider the policy gives it to (the answer's
 * {@code check}: {@code ok}, {@code rejected}, {@code unreachable}, or {@code skipped} when no provider uses it
 * or {@code ?check=false} was asked); the key is stored whatever the check says, as a rotation must not wait
 * for a provider that is down;
 * {@code DELETE /admin/credentials/{name}} removes one (204). Writes are in the audit log.
 * A name a file or the environment also defines may be written: the vault entry then wins, so a leaked key
 * can be replaced at once, without waiting for a deploy; the listing shows which sources it overrides.
 */
@Path("/admin/credentials")
@ApplicationScoped
public class CredentialsResource {

    /** Provider keys are well under this; a bound keeps the body read and the stored column finite. */
    static final int MAX_VALUE_BYTES = 8 * 1024;
    private static final int MAX_BODY_BYTES = 4 * MAX_VALUE_BYTES;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AdminCaller caller;

    @Inject
    Credentials credentials;

    @Inject
    Vault vault;

    @Inject
    PolicyService policy;

    @Inject
    CredentialCheck checker;

    @GET
    public Response list() {
        ArrayNode list = JSON.createArrayNode();
        credentials.list().forEach(c -> list.add(json(c)));
        ObjectNode out = JSON.createObjectNode().put("vault_enabled", vault.enabled());
        out.set("credentials", list);
        return Response.ok(out.toString(), MediaType.APPLICATION_JSON).build();
    }

    @PUT
    @Path("{name}")
    public Response put(@PathParam("name") String name, @QueryParam("check") @DefaultValue("true") boolean check, InputStream body) {
        if (!vault.enabled()) {
            return vaultOff();
        }
        if (!CredentialNames.valid(name)) {
            return badName();
        }
        Secret value;
        try {
            value = valueOf(body);
        } catch (Invalid e) {
            return OpenAiErrors.of(e.status, "invalid_request_error", e.code, e.getMessage(), "value");
        }
        CredentialStore.Written written = vault.put(name, value, caller.actor());
        ObjectNode out = json(new Credentials.Listed(name, CredentialSource.VAULT, credentials.readOnlySources(name),
                Optional.of(written.row())));
        out.set("check", check ? check(name, value) : skipped("not asked (check=false)"));
        return Response.status(written.created() ? 201 : 200).entity(out.toString()).type(MediaType.APPLICATION_JSON).build();
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        if (!vault.enabled()) {
            return vaultOff();
        }
        if (!CredentialNames.valid(name)) {
            return badName();
        }
        if (vault.delete(name, caller.actor()).isPresent()) {
            return Response.noContent().build();
        }
        List<CredentialSource> readOnly = credentials.readOnlySources(name);
        if (!readOnly.isEmpty()) {
            return OpenAiErrors.of(409, "invalid_request_error", "read_only_credential", "Credential '" + name
                    + "' is not in the vault; it comes from " + readOnly.get(0).label()
                    + ", which the admin API does not change (remove it where it is deployed).", null);
        }
        return OpenAiErrors.of(404, "invalid_request_error", "credential_not_found", "No credential '" + name + "' in the vault.", null);
    }

    private static Secret valueOf(InputStream body) throws Invalid {
        JsonNode tree;
        try {
            tree = JSON.readTree(BoundedBody.read(body, MAX_BODY_BYTES));
        } catch (BoundedBody.TooLarge e) {
            throw new Invalid(413, "value_too_large", "The body is over " + MAX_BODY_BYTES + " bytes.");
        } catch (IOException e) {
            // Never the parser's message: it may quote the body, which holds the secret.
            throw new Invalid(400, "invalid_json", "Send {\"value\": \"...\"} as JSON.");
        }
        JsonNode value = tree == null ? null : tree.get("value");
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new Invalid(400, "invalid_value", "Send {\"value\": \"...\"} with a non-empty string value.");
        }
        String text = value.asText();
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
            throw new Invalid(400, "value_too_large", "The value is over " + MAX_VALUE_BYTES + " bytes.");
        }
        if (text.chars().anyMatch(Character::isISOControl) || !text.strip().equals(text)) {
            // It goes into an HTTP header: a line break there would split the request.
            throw new Invalid(400, "invalid_value", "The value must not contain control characters or surrounding whitespace.");
        }
        return new Secret(text);
    }

    /** The new key against each provider that uses it; the worst outcome first. Never the key, nor the providers' words. */
    private ObjectNode check(String name, Secret value) {
        List<CredentialCheck.Outcome> outcomes = new ArrayList<>();
        for (Map.Entry<String, Provider> p : policy.policy().policy().providers().entrySet()) {
            if (name.equals(p.getValue().credential())) {
                outcomes.add(checker.check(p.getKey(), p.getValue(), value.reveal()));
            }
        }
        if (outcomes.isEmpty()) {
            return skipped("no provider in the policy uses this credential");
        }
        CredentialCheck.Status worst = outcomes.stream().map(CredentialCheck.Outcome::status)
                .min(Comparator.comparingInt(CredentialsResource::severity)).orElseThrow();
        ObjectNode out = JSON.createObjectNode().put("status", worst.label());
        ArrayNode providers = out.putArray("providers");
        for (CredentialCheck.Outcome o : outcomes) {
            ObjectNode p = providers.addObject().put("provider", o.provider()).put("status", o.status().label());
            if (o.status() == CredentialCheck.Status.OK) {
                p.put("models", o.models());
            } else {
                p.put("detail", o.detail());
            }
        }
        return out;
    }

    /** Lower is worse: a refused key says most, an unreachable provider less. */
    private static int severity(CredentialCheck.Status status) {
        return switch (status) {
            case REJECTED -> 0;
            case UNREACHABLE -> 1;
            case OK -> 2;
            case SKIPPED -> 3;
        };
    }

    private static ObjectNode skipped(String why) {
        return JSON.createObjectNode().put("status", CredentialCheck.Status.SKIPPED.label()).put("reason", why);
    }

    /** A credential as the listing and a write describe it: never its value. */
    private static ObjectNode json(Credentials.Listed c) {
        ObjectNode o = JSON.createObjectNode().put("name", c.name()).put("source", c.source().label());
        ArrayNode overrides = o.putArray("overrides");
        c.overrides().forEach(s -> overrides.add(s.label()));
        c.stored().ifPresent(r -> o.put("key_id", r.sealed().keyId()).put("version", r.version())
                .put("created_at", r.createdAt().toString()).put("updated_at", r.updatedAt().toString()));
        return o;
    }

    private static Response badName() {
        return OpenAiErrors.of(400, "invalid_request_error", "invalid_credential_name", "A credential name is letters, digits, "
                + "'.', '_' and '-', starting with a letter or digit, at most " + CredentialNames.MAX_LENGTH + " characters.", "name");
    }

    private static Response vaultOff() {
        return OpenAiErrors.of(503, "service_unavailable", "vault_disabled", "The credential vault is off: start the relay with "
                + "MODELGATE_MASTER_KEY (base64 of 32 random bytes: head -c 32 /dev/urandom | base64) or MODELGATE_MASTER_KEY_FILE.", null);
    }

    /** A body that is refused; the message never repeats any of it. */
    private static final class Invalid extends Exception {
        final int status;
        final String code;

        Invalid(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }
}
