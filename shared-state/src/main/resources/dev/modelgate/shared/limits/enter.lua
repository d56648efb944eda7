-- Take a concurrency slot with a lease (RedisConcurrencyLimiter.tryEnter).
-- KEYS[1]: sorted set of permit id -> lease expiry (ms). ARGV: now ms, lease ms, max, permit id.
-- Leases past their expiry belong to a node that died (or a request that outlived its lease): they free their slot.
-- Returns {1} when the slot is taken, {0} when the cap is reached.
local now, lease, max = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= max then
  return {0}
end
redis.call('ZADD', KEYS[1], now + lease, ARGV[4])
redis.call('PEXPIRE', KEYS[1], lease)
return {1}
