-- The credential vault: provider keys by the names policies use, each sealed with AES-256-GCM under a
-- master key that never reaches the database. key_id names that master key (first 8 bytes of its SHA-256,
-- hex); nonce and ciphertext are base64 text so the same types serve H2 and PostgreSQL. version counts
-- the values a name has had (1 at creation, +1 per rotation).
CREATE TABLE credential (
    name        VARCHAR(128)   NOT NULL PRIMARY KEY,
    key_id      VARCHAR(16)    NOT NULL,
    nonce       VARCHAR(24)    NOT NULL,
    ciphertext  VARCHAR(12000) NOT NULL,
    version     BIGINT         NOT NULL,
    created_at  TIMESTAMP      NOT NULL,
    updated_at  TIMESTAMP      NOT NULL
);
