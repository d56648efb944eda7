-- Concurrency slots with leases: the functions enter.lua (RedisConcurrencyLimiter) and admission.lua share.
-- A slot set is a sorted set of permit id -> lease expiry (ms). Leases past their expiry belong to a node that
-- died (or a request that outlived its lease): they free their slot.

-- Whether the set has a free slot under max, after freeing expired leases.
local function slots_free(key, now, max)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  return redis.call('ZCARD', key) < max
end

local function slots_take(key, now, lease, id)
  redis.call('ZADD', key, now + lease, id)
  redis.call('PEXPIRE', key, lease)
end
