package dev.modelgate.relay.conversations;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A Responses API answer the relay keeps ({@code store: true}): the response object as the client received it and
 * the conversation's input items up to it (the earlier turns of a {@code previous_response_id} chain included), so a
 * later request can continue it. It belongs to the API key that created it; no other key reads it.
 */
@Entity
@Table(name = "stored_response")
public class StoredResponse {

    @Id
    private String id;
    @Column(name = "key_id")
    private String keyId;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "input_items")
    private String inputItems;
    private String response;

    protected StoredResponse() {
    }

    StoredResponse(String id, String keyId, Instant createdAt, String inputItems, String response) {
        this.id = id;
        this.keyId = keyId;
        this.createdAt = createdAt;
        this.inputItems = inputItems;
        this.response = response;
    }

    public String id() {
        return id;
    }

    String keyId() {
        return keyId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** The conversation's input items as a JSON array. */
    public String inputItems() {
        return inputItems;
    }

    /** The response object as JSON. */
    public String response() {
        return response;
    }
}
