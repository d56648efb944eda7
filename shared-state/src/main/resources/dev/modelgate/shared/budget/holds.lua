-- Budget windows with holds: the functions reserve.lua (RedisBudgetLedger) and admission.lua share, so N relays
-- cannot spend N times a budget: the check and the hold are one step on one Redis.
-- A window is a hash (spent, reserved, seeded, r:<id> = amount held, x:<id> = amount of an expired hold) and a
-- sorted set of reservation id -> lease expiry (ms).

-- What is left of the window (limit - spent - reserved), after giving back the holds whose lease ran out, or nil
-- when the window was never seeded from the ledger (an empty Redis).
local function holds_remaining(hash, leases, now, limit)
  if redis.call('HEXISTS', hash, 'seeded') == 0 then
    return nil
  end
  -- Holds whose lease ran out belong to a relay that died mid-request: give them back, and remember them so
  -- a late settle (a request that outlived its lease) still counts its spend once.
  local dead = redis.call('ZRANGEBYSCORE', leases, '-inf', now)
  for _, id in ipairs(dead) do
    local held = redis.call('HGET', hash, 'r:' .. id)
    if held then
      redis.call('HDEL', hash, 'r:' .. id)
      redis.call('HINCRBY', hash, 'reserved', -tonumber(held))
      redis.call('HSET', hash, 'x:' .. id, held)
    end
  end
  if #dead > 0 then
    redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
  end
  local spent = tonumber(redis.call('HGET', hash, 'spent') or '0')
  local reserved = tonumber(redis.call('HGET', hash, 'reserved') or '0')
  return limit - spent - reserved
end

local function holds_take(hash, leases, now, amount, id, lease, expiry)
  redis.call('HINCRBY', hash, 'reserved', amount)
  redis.call('HSET', hash, 'r:' .. id, amount)
  redis.call('ZADD', leases, now + lease, id)
  redis.call('PEXPIREAT', hash, expiry)
  redis.call('PEXPIREAT', leases, expiry)
end
