-- Responses API answers kept for previous_response_id and for GET /v1/responses/{id} (store: true, OpenAI's
-- default), each readable only by the API key that created it. The response object and the conversation's input
-- items are JSON; VARCHAR rather than a large-object type so H2 and PostgreSQL read them alike as strings.
CREATE TABLE stored_response (
    id          VARCHAR(128)      NOT NULL PRIMARY KEY,
    key_id      VARCHAR(128)      NOT NULL,
    created_at  TIMESTAMP         NOT NULL,
    input_items VARCHAR(10000000) NOT NULL,
    response    VARCHAR(10000000) NOT NULL
);
CREATE INDEX stored_response_key ON stored_response (key_id);
