-- End a reservation (RedisBudgetLedger.settle / release), once.
-- KEYS: the window's hash and lease set (see reserve.lua). ARGV: reservation id, actual cost (0 for a release),
-- 1 to count the cost as spent (settle) or 0 (release).
-- Returns {1} when this call ended the reservation, {0} when it was already ended or is unknown (a Redis
-- that lost it: the ledger has the usage and a re-seed counts it).
local id, actual, charge = ARGV[1], tonumber(ARGV[2]), ARGV[3] == '1'
local held = redis.call('HGET', KEYS[1], 'r:' .. id)
if held then
  redis.call('HDEL', KEYS[1], 'r:' .. id)
  redis.call('HINCRBY', KEYS[1], 'reserved', -tonumber(held))
  redis.call('ZREM', KEYS[2], id)
  if charge then
    redis.call('HINCRBY', KEYS[1], 'spent', actual)
  end
  return {1}
end
if redis.call('HDEL', KEYS[1], 'x:' .. id) == 1 then
  -- its lease ran out first and already gave the hold back: only the spend is left to count
  if charge then
    redis.call('HINCRBY', KEYS[1], 'spent', actual)
  end
  return {1}
end
return {0}
