-- Check-and-reserve one budget in one window (RedisBudgetLedger.reserve), atomically: N relays cannot spend N
-- times a budget, because the check and the hold are one step on one Redis.
-- KEYS[1]: the window's hash: spent, reserved, seeded, r:<id> = amount held, x:<id> = amount of an expired hold.
-- KEYS[2]: sorted set of reservation id -> lease expiry (ms).
-- ARGV: now ms, limit, amount, reservation id, lease ms, key expiry (epoch ms).
-- Returns {1} reserved; {0, remaining} refused; {-1} the window was never seeded from the ledger (an empty Redis).
local now = tonumber(ARGV[1])
if redis.call('HEXISTS', KEYS[1], 'seeded') == 0 then
  return {-1}
end
-- Holds whose lease ran out belong to a relay that died mid-request: give them back, and remember them so
-- a late settle (a request that outlived its lease) still counts its spend once.
local dead = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for _, id in ipairs(dead) do
  local held = redis.call('HGET', KEYS[1], 'r:' .. id)
  if held then
    redis.call('HDEL', KEYS[1], 'r:' .. id)
    redis.call('HINCRBY', KEYS[1], 'reserved', -tonumber(held))
    redis.call('HSET', KEYS[1], 'x:' .. id, held)
  end
end
if #dead > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
end
local spent = tonumber(redis.call('HGET', KEYS[1], 'spent') or '0')
local reserved = tonumber(redis.call('HGET', KEYS[1], 'reserved') or '0')
local limit, amount = tonumber(ARGV[2]), tonumber(ARGV[3])
local remaining = limit - spent - reserved
if amount > remaining then
  return {0, math.max(0, remaining)}
end
redis.call('HINCRBY', KEYS[1], 'reserved', amount)
redis.call('HSET', KEYS[1], 'r:' .. ARGV[4], amount)
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[5]), ARGV[4])
redis.call('PEXPIREAT', KEYS[1], ARGV[6])
redis.call('PEXPIREAT', KEYS[2], ARGV[6])
return {1}
