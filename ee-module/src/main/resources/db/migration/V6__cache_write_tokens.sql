-- Prompt-cache writes are billed at their own rates (a 5-minute write at 1.25x the input price at Anthropic, a
-- 1-hour write at 2x), so the ledger keeps them as token classes of their own beside cache reads (cached_tokens)
-- and reasoning tokens. Earlier events wrote none: 0.
ALTER TABLE usage_event ADD COLUMN cache_write_5m_tokens BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE usage_event ADD COLUMN cache_write_1h_tokens BIGINT DEFAULT 0 NOT NULL;
