-- Modelgate API keys issued through the admin API for key ids the policy defines. Only a SHA-256 of each
-- secret is kept; a key is revoked by stamping it, never deleted, so the audit trail keeps its history.
CREATE TABLE issued_key (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    key_id      VARCHAR(128) NOT NULL,
    secret_hash VARCHAR(64)  NOT NULL UNIQUE,
    prefix      VARCHAR(16)  NOT NULL,
    created_at  TIMESTAMP    NOT NULL,
    created_by  VARCHAR(128) NOT NULL,
    revoked_at  TIMESTAMP
);
