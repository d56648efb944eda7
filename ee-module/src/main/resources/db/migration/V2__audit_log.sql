-- Append-only, hash-chained record of administrative actions: each row's hash covers its content and the
-- previous row's hash, so changing, removing or reordering a row breaks the chain from there on.
CREATE TABLE audit_log (
    seq        BIGINT        NOT NULL PRIMARY KEY,
    at         TIMESTAMP     NOT NULL,
    actor      VARCHAR(128)  NOT NULL,
    action     VARCHAR(64)   NOT NULL,
    subject    VARCHAR(256)  NOT NULL,
    detail     VARCHAR(2000) NOT NULL,
    prev_hash  VARCHAR(64)   NOT NULL,
    hash       VARCHAR(64)   NOT NULL
);
