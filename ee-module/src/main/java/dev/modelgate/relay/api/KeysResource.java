package dev.modelgate.relay.api;

import dev.modelgate.relay.format.openai.OpenAiErrors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.relay.auth.IssuedKey;
import dev.modelgate.relay.auth.AdminRole;
import dev.modelgate.relay.auth.KeyIssuer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Modelgate API keys for the policy's key ids (role admin):
 * {@code POST /admin/keys {"key_id": "search-prod"}} issues one and returns its secret, once;
 * {@code GET /admin/keys} lists them (id, key id, prefix, dates; never a secret);
 * {@code DELETE /admin/keys/{id}} revokes one. Issue and revocation are in the audit log under the caller's name.
 * A team admin lists, issues and revokes only its own teams' keys: another team's is a 403 (see {@link AdminPermissions}).
 */
@Path("/admin/keys")
@ApplicationScoped
public class KeysResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    KeyIssuer keys;

    @Inject
    AdminCaller caller;

    @POST
    public Response issue(InputStream stream) {
        String keyId;
        try {
            JsonNode body = JSON.readTree(BoundedBody.read(stream, 4096));
            keyId = body == null ? null : body.path("key_id").asText(null);
        } catch (IOException e) {
            return OpenAiErrors.of(400, "invalid_request_error", "invalid_json", "Send {\"key_id\": \"...\"}.", null);
        }
        Optional<String> team = keyId == null ? Optional.empty() : keys.teamOf(keyId);
        if (team.isPresent() && !caller.principal().manages(team.get())) {
            return AdminAccess.teamForbidden(caller.principal(), team.get());
        }
        try {
            KeyIssuer.Issued issued = keys.issue(keyId, caller.actor());
            ObjectNode out = json(issued.key()).put("key", issued.secret());
            return Response.status(201).entity(out.toString()).type(MediaType.APPLICATION_JSON).build();
        } catch (IllegalArgumentException e) {
            return OpenAiErrors.of(400, "invalid_request_error", "unknown_key_id", e.getMessage(), "key_id");
        }
    }

    @GET
    public Response list() {
        ArrayNode list = JSON.createArrayNode();
        keys.list().stream().filter(k -> keys.teamOf(k.keyId()).map(caller.principal()::manages).orElse(caller.principal().has(AdminRole.ADMIN)))
                .forEach(k -> list.add(json(k)));
        ObjectNode out = JSON.createObjectNode();
        out.set("keys", list);
        return Response.ok(out.toString(), MediaType.APPLICATION_JSON).build();
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        Optional<IssuedKey> key = keys.find(id);
        if (key.isEmpty()) {
            return OpenAiErrors.of(404, "invalid_request_error", "key_not_found", "No issued key has this id.", null);
        }
        // A key whose id the policy has since dropped belongs to no team: only an admin may revoke it.
        Optional<String> team = keys.teamOf(key.get().keyId());
        if (!team.map(caller.principal()::manages).orElse(caller.principal().has(AdminRole.ADMIN))) {
            return AdminAccess.teamForbidden(caller.principal(), team.orElse("(none)"));
        }
        return keys.revoke(id, caller.actor())
                .map(k -> Response.ok(json(k).toString(), MediaType.APPLICATION_JSON).build())
                .orElseGet(() -> OpenAiErrors.of(404, "invalid_request_error", "key_not_found", "No issued key has this id.", null));
    }

    private static ObjectNode json(IssuedKey k) {
        ObjectNode o = JSON.createObjectNode().put("id", k.id()).put("key_id", k.keyId()).put("prefix", k.prefix())
                .put("created_at", k.createdAt().toString());
        if (k.revokedAt() == null) {
            o.putNull("revoked_at");
        } else {
            o.put("revoked_at", k.revokedAt().toString());
        }
        return o;
    }
}
