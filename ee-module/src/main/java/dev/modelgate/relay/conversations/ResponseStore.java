package dev.modelgate.relay.conversations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Optional;

/**
 * The Responses API's stored responses, per API key: a key reads and deletes only its own, and a response of
 * another key is as absent to it as one that never existed (so an id says nothing about other keys' traffic).
 */
@ApplicationScoped
public class ResponseStore {

    /** The longest JSON a column holds (see V7__responses.sql); a longer response is answered but not kept. */
    public static final int MAX_CHARS = 10_000_000;

    @PersistenceContext(unitName = "modelgate")
    EntityManager em;

    /** @return false when the response is too large to keep */
    @Transactional
    public boolean save(String id, String keyId, Instant createdAt, String inputItems, String response) {
        if (inputItems.length() > MAX_CHARS || response.length() > MAX_CHARS) {
            return false;
        }
        em.persist(new StoredResponse(id, keyId, createdAt, inputItems, response));
        return true;
    }

    @Transactional
    public Optional<StoredResponse> find(String id, String keyId) {
        StoredResponse found = id == null ? null : em.find(StoredResponse.class, id);
        return found != null && found.keyId().equals(keyId) ? Optional.of(found) : Optional.empty();
    }

    /** @return whether the key had a response with this id */
    @Transactional
    public boolean delete(String id, String keyId) {
        StoredResponse found = id == null ? null : em.find(StoredResponse.class, id);
        if (found == null || !found.keyId().equals(keyId)) {
            return false;
        }
        em.remove(found);
        return true;
    }
}
