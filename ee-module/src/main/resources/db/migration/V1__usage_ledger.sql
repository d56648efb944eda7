-- The usage ledger: one event per request attempt that reached a provider, and its double entry.
-- Written for H2 (the embedded default) and PostgreSQL alike.

CREATE TABLE usage_event (
    request_id        VARCHAR(128)  NOT NULL,
    attempt           INTEGER       NOT NULL,
    team              VARCHAR(128),
    api_key           VARCHAR(128),
    alias             VARCHAR(128),
    provider          VARCHAR(128)  NOT NULL,
    model             VARCHAR(256)  NOT NULL,
    input_tokens      BIGINT        NOT NULL,
    cached_tokens     BIGINT        NOT NULL,
    output_tokens     BIGINT        NOT NULL,
    reasoning_tokens  BIGINT        NOT NULL,
    images            INTEGER       NOT NULL,
    audio_millis      BIGINT        NOT NULL,
    latency_micros    BIGINT        NOT NULL,
    status            INTEGER       NOT NULL,
    outcome           VARCHAR(256)  NOT NULL,
    streamed          BOOLEAN       NOT NULL,
    cost_micros       BIGINT        NOT NULL,
    occurred_at       TIMESTAMP     NOT NULL,
    recorded_at       TIMESTAMP     NOT NULL,
    -- A retried or replayed event is the same row: it can never be billed twice.
    PRIMARY KEY (request_id, attempt)
);

CREATE INDEX usage_event_team_time ON usage_event (team, occurred_at);
CREATE INDEX usage_event_key_time ON usage_event (api_key, occurred_at);
CREATE INDEX usage_event_time ON usage_event (occurred_at);

-- Debits are positive (the team that spent), credits negative (the provider owed); every event's entries sum to 0.
CREATE TABLE ledger_entry (
    request_id     VARCHAR(128) NOT NULL,
    attempt        INTEGER      NOT NULL,
    account        VARCHAR(160) NOT NULL,
    amount_micros  BIGINT       NOT NULL,
    occurred_at    TIMESTAMP    NOT NULL,
    PRIMARY KEY (request_id, attempt, account),
    FOREIGN KEY (request_id, attempt) REFERENCES usage_event (request_id, attempt)
);
